import type { MessageSchema } from './en';

/** French words of the desktop app's own parts (see en-desktop.ts). */
export const frDesktop: Pick<
  MessageSchema,
  'desktopSettings' | 'hosting' | 'serverOffer' | 'guests' | 'lanHosts' | 'picker' | 'updates'
> = {
  desktopSettings: {
    title: 'Application de bureau',
    closeToTray: 'Fermer la fenêtre laisse Nearcast ouvert',
    openAtLogin: 'Lancer Nearcast à l’ouverture de session',
    openAtLoginUnsupported:
      'Ce système ne permet pas à Nearcast de se lancer seul à l’ouverture de session : ajoutez-le aux applications de démarrage de votre bureau.',
    muteShortcut: 'Raccourci pour couper le micro (en appel, depuis toute application)',
    changeShortcut: 'Raccourci pour couper le micro : {shortcut}. Appuyez pour le changer',
    pressKeys: 'Appuyez sur les nouvelles touches…',
    shortcutHint:
      'Maintenez Ctrl, Alt ou Maj avec une lettre, un chiffre ou une flèche ; Échap garde le raccourci actuel.',
    shortcutTaken: '{shortcut} est pris par une autre application ou interdit ici. Choisissez-en un autre.',
    shortcutInvalid:
      '{shortcut} ne peut pas servir de raccourci : ajoutez Ctrl, Alt ou Maj à une lettre, un chiffre ou une flèche.',
  },
  hosting: {
    title: 'Héberger sur ce réseau',
    noAddress:
      "Hébergement actif, mais cet ordinateur n'a pas d'adresse réseau. Connectez-vous au Wi-Fi ou à Ethernet.",
    open: 'Les personnes de votre réseau peuvent ouvrir :',
    qr: 'QR code de {url}',
    stop: "Arrêter l'hébergement",
    port: 'Port (facultatif)',
    portPlaceholder: "n'importe quel port libre",
    start: 'Héberger sur cet ordinateur',
    badPort: 'Saisissez un port entre 1024 et 65535, ou laissez le champ vide.',
    fingerprint: 'Empreinte du certificat (SHA-256)',
    fingerprintHint:
      "Le navigateur des invités avertira à propos de ce certificat : ils ne doivent continuer que si l'empreinte affichée est celle-ci.",
    unitCode: "Code de l'unité de relais",
    unitCodeHint:
      "Dans une grande salle, les médias passent par cet ordinateur au lieu d'aller de personne à personne ; les invités vérifient que le code que leur application affiche pour l'unité de relais est celui-ci.",
    accessCode: "Code d'accès",
    accessCodeHint:
      "Le QR code et les liens d'invitation le contiennent ; donnez-le aux personnes qui saisissent l'adresse.",
    newCode: "Nouveau code d'accès",
    whoMayJoin: 'Qui peut entrer',
    requireCode: "Les invités doivent donner le code d'accès",
    approval: 'Me demander avant de laisser entrer chaque invité',
  },
  serverOffer: {
    title: 'Ouvrir ce lien sur un autre serveur ?',
    text: 'Le lien ouvre la salle « {room} » sur le serveur {server}. Y aller quitte le serveur que vous utilisez.',
    switch: 'Aller sur ce serveur',
    stay: 'Rester ici',
  },
  guests: {
    title: '{name} veut entrer',
    from: 'Depuis {address} sur votre réseau',
    more: '{n} autre personne attend | {n} autres personnes attendent',
    allow: 'Autoriser',
    deny: 'Refuser',
  },
  lanHosts: {
    title: 'Hôtes sur ce réseau',
    none: "Aucun autre hôte Nearcast trouvé pour l'instant.",
    accessCode: "Code d'accès requis",
  },
  picker: {
    title: 'Choisissez ce que vous partagez',
    needPermission:
      "Nearcast a besoin de l'autorisation Enregistrement de l'écran pour partager votre écran.",
    openSettings: "Ouvrir les réglages d'enregistrement de l'écran",
    restricted: "L'enregistrement de l'écran est bloqué sur ce Mac par son administrateur.",
    wayland: 'Votre bureau affiche ensuite sa propre fenêtre, où vous choisissez l’écran ou la fenêtre.',
    loading: 'Recherche des écrans et des fenêtres…',
    empty: "Aucun écran ni aucune fenêtre ne peut être partagé pour l'instant.",
    share: 'Partager {name}',
    systemAudio: 'Partager le son du système',
    cancel: 'Annuler',
  },
  updates: {
    section: 'Mises à jour',
    check: 'Rechercher des mises à jour',
    title: 'Mise à jour',
    available: 'Nearcast {version} est disponible sur {from}.',
    download: 'Télécharger',
    later: 'Plus tard',
    downloading: 'Téléchargement de Nearcast {version}…',
    progress: 'Téléchargement de Nearcast {version}',
    downloaded: 'Nearcast {version} est prêt à être installé.',
    restart: 'Redémarrer pour mettre à jour',
    afterCall: 'Redémarrez après votre appel : redémarrer maintenant y mettrait fin.',
    checking: 'Recherche de mises à jour…',
    upToDate: 'Vous avez la dernière version de Nearcast.',
    noSource:
      'Aucun serveur de votre réseau ne propose de mises à jour. La personne qui gère votre serveur Nearcast peut les ajouter (son option --updates).',
    unsupported:
      'Cette copie de Nearcast ne peut pas se mettre à jour elle-même (version de développement, ou construite sans la clé de mise à jour de l’éditeur).',
    notSigned:
      'Une mise à jour proposée sur votre réseau n’est pas signée par l’éditeur de Nearcast. Elle a été refusée : rien n’a été téléchargé.',
    checkFailed: 'Impossible de rechercher les mises à jour. Réessayez plus tard.',
    downloadFailed: 'Le téléchargement de Nearcast {version} a échoué.',
    retry: 'Réessayer',
    close: 'Fermer',
  },
};
