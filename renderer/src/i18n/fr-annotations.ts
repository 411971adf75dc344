/** French words of pointing and drawing on a shared screen (see en-annotations.ts). */
import type { enAnnotations } from './en-annotations';

export const frAnnotations: typeof enAnnotations = {
  toolsFor: "Pointer et dessiner sur l'écran de {name}",
  toolsOwn: 'Pointer et dessiner sur votre écran partagé',
  pointer: 'Pointer',
  arrow: 'Flèche',
  box: 'Cadre',
  free: 'Dessiner',
  keep: 'Garder les traits',
  undo: 'Annuler',
  clear: 'Tout effacer',
  allow: 'Laisser les autres pointer et dessiner',
  off: '{name} a désactivé le pointage et le dessin',
  pointerOf: 'Pointeur de {name}',
};
