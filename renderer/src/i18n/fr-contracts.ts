/**
 * French wording of what the shared contracts say: validation issues by key (common/issues.ts) and
 * one sentence per error code (common/result.ts). English takes both from common/ as they are; French
 * translates them here, apart from the interface's own sentences in fr.ts, and is typed against the
 * same schema, so a new issue or code without French fails the typecheck.
 */
import type { MessageSchema } from './en';

export const frIssues: MessageSchema['issues'] = {
  displayName: {
    empty: 'Saisissez un nom affiché.',
    tooLong: 'Un nom affiché compte au plus {max} caractères.',
    invisible: 'Un nom affiché ne peut pas contenir de caractères de contrôle ou invisibles.',
  },
  roomName: {
    empty: 'Saisissez un nom de salle.',
    tooLong: 'Un nom de salle compte au plus {max} caractères.',
    characters:
      'Un nom de salle utilise des lettres, des chiffres, des espaces, des points, des tirets et des tirets bas.',
  },
  roomPin: {
    tooShort: 'Un code PIN compte au moins {min} caractères.',
    tooLong: 'Un code PIN compte au plus {max} caractères.',
  },
  deviceId: {
    tooShort: "Un identifiant d'appareil compte au moins {min} caractères.",
    tooLong: "Un identifiant d'appareil compte au plus {max} caractères.",
    characters: "Un identifiant d'appareil utilise des lettres, des chiffres, des tirets et des tirets bas.",
  },
  callId: {
    invalid: "Un identifiant d'appel est un UUID.",
  },
  callInvite: {
    nobody: 'Invitez au moins une personne.',
    tooMany: 'Invitez au plus {max} personnes à la fois.',
  },
  iceServer: {
    scheme: 'Une URL de serveur ICE commence par stun:, turn: ou turns:.',
  },
  address: {
    empty: "Saisissez l'adresse d'un serveur Nearcast.",
    tooLong: 'Cette adresse est trop longue.',
    invalid: "Ce n'est pas une adresse. Essayez par exemple 192.168.1.20:{port}.",
    scheme: 'Une adresse de serveur Nearcast commence par http:// ou https://.',
    credentials: "Une adresse de serveur ne contient ni nom d'utilisateur ni mot de passe.",
    path: 'Donnez seulement le serveur : hôte et port, sans chemin après.',
    host: "Cette adresse n'a pas d'hôte.",
  },
  chat: {
    empty: "Saisissez d'abord un message.",
    tooLong: 'Un message compte au plus {max} caractères.',
  },
  peerMessage: {
    id: 'Identifiant invalide.',
  },
  input: {
    invalid: 'Saisie invalide.',
  },
};

export const frErrors: MessageSchema['errors'] = {
  INVALID_PAYLOAD: 'La requête était mal formée et a été refusée.',
  NOT_IN_ROOM: "Vous n'êtes dans aucune salle. Rejoignez d'abord une salle.",
  ALREADY_IN_ROOM: 'Vous êtes déjà dans une salle. Quittez-la avant d’en rejoindre une autre.',
  PEER_NOT_FOUND: "Ce participant n'est pas dans votre salle.",
  SOURCE_NOT_FOUND: "Cet écran ou cette fenêtre n'est plus disponible.",
  UNAVAILABLE: "Cette fonction n'est pas disponible ici.",
  SERVER_UNREACHABLE: "Le serveur n'a pas répondu. Vérifiez qu'il est démarré et joignable, puis réessayez.",
  INTERNAL: "Un problème est survenu de l'autre côté. Veuillez réessayer.",
  ACCESS_DENIED:
    "Ce serveur demande le code d'accès de l'espace de travail. Demandez-le à la personne qui le gère.",
  RATE_LIMITED: 'Trop de requêtes à la fois. Patientez un instant, puis réessayez.',
  NOT_REGISTERED: 'Enregistrez votre appareil auprès du serveur avant de faire cela.',
  DEVICE_NOT_FOUND: "Cette personne n'est pas connectée pour le moment.",
  BUSY: 'Cette personne est déjà en appel.',
  CALL_NOT_FOUND: "Cet appel est terminé, ou ce n'était pas à vous d'y répondre.",
  WRONG_PIN: "Ce code PIN n'est pas le bon pour cette salle.",
  ROOM_FULL: 'Cette salle est complète.',
  ROOM_LOCKED: 'Cette salle est verrouillée : personne ne peut la rejoindre pour le moment.',
  NOT_ALLOWED: 'Seul l’hôte de la salle peut faire cela.',
  TOO_MANY_CONNECTIONS:
    'Cet ordinateur a trop de connexions ouvertes vers le serveur. Fermez des onglets ou fenêtres de Nearcast, puis réessayez.',
  WAITING_FOR_HOST: "En attente de l'accord de l'hôte…",
  NOT_LET_IN: "L'hôte ne vous a pas laissé entrer.",
};
