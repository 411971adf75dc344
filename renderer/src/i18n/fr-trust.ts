/** French words of trust (see en-trust.ts), typed against the English ones. */
import type { enTrust } from './en-trust';

export const frTrust: typeof enTrust = {
  standing: {
    verified: 'Vérifié',
    unverified: 'Non vérifié',
    guest: 'Invité non vérifié',
    'key-changed': 'Clé changée',
    refused: "Échec du contrôle d'identité",
  },
  explain: {
    verified: 'Vous avez comparé le code de sécurité avec {name} et marqué cet appareil comme vérifié.',
    unverified:
      "L'appareil de {name} a prouvé sa clé, mais vous n'avez pas encore comparé le code de sécurité.",
    guest:
      "{name} n'a pas de clé d'appareil (un navigateur en http simple) : impossible de vérifier qui c'est. Cette personne ne reçoit jamais ce qui était destiné à un contact vérifié.",
    'key-changed':
      "{name} n'est pas le ou la {name} que vous avez vérifié(e) : sa clé d'appareil a changé (ou elle n'en a pas).",
    refused: "La connexion de {name} n'a pas pu prouver son identité. Rien ne lui est envoyé.",
  },
  compare: 'Comparer le code',
  compareWith: 'Comparer le code avec {name}',
  dialog: {
    title: 'Comparer le code de sécurité avec {name}',
    lead: "Lisez ce code à voix haute à {name}, ou regardez les deux écrans côte à côte. {name} voit aussi un code : s'ils sont identiques, votre connexion va directement à cette personne, sans personne au milieu.",
    code: 'Code de sécurité',
    codeLabel: 'Code de sécurité avec {name} : {code}',
    noCode: 'Le code apparaît une fois la connexion avec {name} établie.',
    verified: 'Vous avez vérifié {name} sur cet appareil.',
    match: 'Ils correspondent — marquer comme vérifié',
    mismatch: 'Ils ne correspondent pas',
    close: 'Fermer',
    guest:
      "{name} est un invité non vérifié : son navigateur n'a pas de clé d'appareil (Nearcast y est ouvert en http simple), il n'y a donc rien à vérifier. Cette personne ne reçoit jamais ce qui était destiné à un contact vérifié. Pour être vérifiée, elle peut utiliser l'application de bureau ou une adresse sécurisée.",
    refused:
      "La connexion de {name} n'a pas pu prouver son identité : elle ne peut pas être marquée comme vérifiée. Rien ne lui est envoyé.",
    direct:
      "{name} voit aussi un code : s'il n'est pas le même, votre connexion ne va pas directement à cette personne — quelqu'un est au milieu.",
    pending: "L'identité de {name} est en cours de contrôle.",
  },
  held: 'Vous avez indiqué que les codes ne correspondent pas : plus rien n’est envoyé à {name}.',
  undo: 'Annuler',
  undoFor: 'Annuler : envoyer de nouveau à {name}',
  keyChanged: {
    alert:
      "{name} n'est pas le ou la {name} que vous avez vérifié(e) : sa clé d'appareil a changé (ou elle n'en a pas). Rien ne lui a été envoyé.",
    compare: 'Comparer le code de sécurité',
    continue: 'Continuer sans vérifier',
  },
  delivery: {
    keyChanged: 'En attente — clé changée : {names}',
    held: 'Retenu — codes différents : {names}',
  },
  contacts: {
    title: 'Contacts vérifiés',
    lead: "Leurs clés d'appareil sont gardées sur cet appareil. Si quelqu'un se présente sous l'un de ces noms avec une autre clé, vous êtes averti avant que quoi que ce soit lui soit envoyé.",
    forget: 'Oublier',
    forgetName: 'Oublier {name}',
  },
};
