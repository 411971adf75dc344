/** French words of forwarding mode (see en-unit.ts), typed against the English ones. */
import type { enUnit } from './en-unit';

export const frUnit: typeof enUnit = {
  badge: "Par l'unité de diffusion",
  badgeLabel: "Les médias de cette salle passent par l'unité de diffusion",
  explain:
    "Cette salle est grande : la caméra, le son et l'écran de chacun vont à l'unité de diffusion du serveur de l'hôte, qui les transmet à tous. La discussion et les fichiers vont toujours directement d'une personne à l'autre.",
  compare: "Comparer le code avec l'hôte",
  details: "Connexions à l'unité",
  hideDetails: "Masquer les connexions à l'unité",
  publishName: "l'unité de diffusion (envoi)",
  subscribeName: "l'unité de diffusion (réception)",
  state: {
    connecting: "Connexion à l'unité de diffusion…",
    connected: "Connecté à l'unité de diffusion",
    reconnecting: "Reconnexion à l'unité de diffusion…",
    failed: "La connexion à l'unité de diffusion a échoué",
    closed: "Pas connecté à l'unité de diffusion",
  },
  dialog: {
    title: "Comparer le code de l'unité de diffusion avec l'hôte",
    lead: "Les médias de cette salle passent par l'unité de diffusion, pas directement d'une personne à l'autre. Demandez à l'hôte de lire le code que son écran affiche pour l'unité (le panneau d'hébergement de l'application, ou ce que le serveur a affiché au démarrage). S'il est identique, vos médias vont à l'unité de l'hôte et personne n'est au milieu.",
    notPerson: "Ce code vérifie l'unité de diffusion, pas une personne.",
    code: "Code de l'unité de diffusion",
    codeLabel: "Code de l'unité de diffusion : {code}",
    noCode: "Le code apparaît une fois la connexion à l'unité de diffusion établie.",
    close: 'Fermer',
  },
  personLead:
    "Les médias de cette salle passent par l'unité de diffusion : le code ci-dessous vérifie votre discussion et vos fichiers avec {name}, pas sa caméra, son son ni son écran. Les médias se vérifient avec l'unité (« Comparer le code avec l'hôte »). Si {name} voit le même code, personne n'est au milieu de votre discussion et de vos fichiers.",
  refused:
    "Une personne envoie déjà de la vidéo ou du son dans cette salle, autant que l'unité de diffusion en accepte : votre micro reste coupé, votre caméra et votre partage aussi. Vous pourrez envoyer quand elle s'arrêtera. Vous la voyez et l'entendez toujours, et la discussion et les fichiers fonctionnent. | {n} personnes envoient déjà de la vidéo ou du son dans cette salle, autant que l'unité de diffusion en accepte : votre micro reste coupé, votre caméra et votre partage aussi. Vous pourrez envoyer quand l'une d'elles s'arrêtera. Vous les voyez et les entendez toujours, et la discussion et les fichiers fonctionnent.",
  placeFreed:
    "Quelqu'un a cessé d'envoyer : il y a peut-être une place pour vous. Réactivez votre micro, allumez votre caméra ou partagez votre écran pour réessayer.",
  chatUnreachable:
    "La discussion et les fichiers ne peuvent pas joindre {who} : cet ordinateur n'arrive pas à s'y connecter directement sur ce réseau. Caméra, son et écran passent toujours par l'unité de diffusion.",
  who: {
    two: '{first} et {last}',
    three: '{first}, {second} et {last}',
    more: '{names} et 1 autre personne | {names} et {n} autres personnes',
  },
  notSent: {
    microphone: {
      noAnswer:
        "Votre micro n'a pas pu être connecté : l'unité de diffusion n'a pas répondu. Il est toujours coupé. Réessayez de l'activer.",
      offline:
        "Votre micro n'a pas pu être connecté : la connexion au serveur est perdue. Il est toujours coupé. Réessayez une fois qu'elle sera rétablie.",
      interrupted:
        "Votre micro n'a pas pu être connecté : la connexion à l'unité de diffusion a été interrompue. Il est toujours coupé. Réessayez de l'activer.",
    },
    camera: {
      noAnswer:
        "Votre caméra n'a pas pu être allumée : l'unité de diffusion n'a pas répondu. Elle est toujours éteinte. Réessayez de l'activer.",
      offline:
        "Votre caméra n'a pas pu être allumée : la connexion au serveur est perdue. Elle est toujours éteinte. Réessayez une fois qu'elle sera rétablie.",
      interrupted:
        "Votre caméra n'a pas pu être allumée : la connexion à l'unité de diffusion a été interrompue. Elle est toujours éteinte. Réessayez de l'activer.",
    },
  },
  present: 'Présenter à une grande salle',
  presentHint:
    "Les médias passent par l'unité de diffusion du serveur dès le début : votre écran est envoyé une fois, quel que soit le nombre de spectateurs. Seulement pour une salle que vous créez.",
};
