// French. Same keys and placeholders as en.ts (the type and test/unit/ui/i18n.test.ts enforce it).
// A "wallet" is a "portefeuille", a "broadcast" an "annonce", the notification room the "salon d'annonces".
import type { Catalogue } from "./translate.ts";

export const fr: Catalogue = {
  "app.loading": "Chargement…",
  "app.startFailed": "La console n'a pas pu démarrer : {detail}",
  "app.reload": "Recharger",
  "language.en": "English",
  "language.fr": "Français",

  "common.cancel": "Annuler",
  "common.close": "Fermer",
  "common.retry": "Réessayer",

  "signin.title": "Connexion",
  "signin.subtitle": "Répondez aux conversations des portefeuilles et publiez des annonces pour {brand}.",
  "signin.userId": "Identifiant",
  "signin.userIdHint": "Par exemple @support:example.org",
  "signin.homeserver": "Serveur d'accueil",
  "signin.homeserverFinding": "Recherche du serveur d'accueil…",
  "signin.homeserverNotFound": "Aucun serveur d'accueil trouvé pour cet identifiant. Saisissez son adresse.",
  "signin.homeserverEdit": "Modifier",
  "signin.password": "Mot de passe",
  "signin.submit": "Se connecter",
  "signin.signingIn": "Connexion…",
  "signin.or": "ou",
  "signin.sso": "Continuer avec {provider}",
  "signin.ssoGeneric": "Continuer avec l'authentification unique",
  "signin.ssoWaiting":
    "Terminez la connexion avec {provider} dans votre navigateur. Cette page continuera d'elle-même.",
  "signin.ssoWaitingGeneric":
    "Terminez la connexion dans votre navigateur. Cette page continuera d'elle-même.",
  "signin.lastUsed": "dernier utilisé",
  "signin.optionsLoading": "Recherche des modes de connexion de ce serveur…",
  "signin.noMethods": "{server} ne propose aucun mode de connexion pris en charge par cette console.",
  "signin.link.title": "Se connecter en tant que {userId} ?",
  "signin.link.body":
    "Un lien de connexion demande de connecter cette console en tant que {userId} sur {server}. N'acceptez que si vous avez ouvert ce lien vous-même.",
  "signin.link.replaces":
    "Vous êtes connecté en tant que {current}. Accepter fait passer cette console sur {userId} ; les réponses en attente d'envoi restent à {current}.",
  "signin.link.accept": "Se connecter",
  "signin.link.checking": "Vérification du lien de connexion…",
  "signin.link.signingIn": "Connexion…",
  "signin.browser.confirmTitle": "Confirmez votre identité",
  "signin.browser.confirmBody":
    "Pour configurer le chiffrement, le serveur d'accueil vous demande de confirmer votre identité. Une page s'est ouverte dans votre navigateur : connectez-vous-y, puis revenez et appuyez sur « J'ai terminé ».",
  "signin.browser.signInTitle": "Continuez dans votre navigateur",
  "signin.browser.notYet":
    "Le serveur d'accueil ne voit pas encore la confirmation. Terminez sur la page, puis appuyez de nouveau sur « J'ai terminé ».",
  "signin.browser.reopen": "Rouvrir la page",
  "signin.browser.finished": "J'ai terminé",
  "signinError.link-invalid":
    "Ce lien de connexion a expiré ou a déjà servi ({server} l'a refusé). Rien n'a été modifié.",
  "signinError.link-needs-homeserver":
    "Les liens de connexion ne fonctionnent que si l'administrateur a défini homeserverUrl dans config.json. Rien n'a été modifié.",
  "signinError.wrong-account":
    "Ce lien connecte en tant que {userId}, mais cette console est celle de {expected}. Rien n'a été modifié.",
  "signinError.already-signed-in": "Vous êtes déjà connecté en tant que {userId}. Rien n'a été modifié.",
  "signinError.sso-expired":
    "Cette réponse d'authentification unique n'est plus attendue. Recommencez la connexion.",
  "signinError.sso-cancelled": "L'authentification unique n'a pas abouti. Rien n'a été modifié.",
  "signinError.blocked-by-policy":
    "La politique de sécurité de la console a bloqué {server} avant l'envoi de la requête. Votre administrateur doit indiquer l'adresse de ce serveur ({origin}) dans homeserverUrl de config.json.",
  "signinError.oauth-only":
    "{server} n'accepte la connexion que par son service de comptes (OAuth 2.0, Matrix Authentication Service), que cette console ne prend pas encore en charge. Demandez à votre administrateur une connexion par mot de passe ou par authentification unique.",

  "progress.title": "Préparation de la boîte de réception",
  "progress.keys": "Déverrouillage des clés de chiffrement de cet appareil",
  "progress.firstWindow": "Chargement des conversations récentes",
  "progress.inbox": "Chargement de toutes les conversations",
  "progress.count": "{covered} sur {total} conversations",
  "progress.counting": "Décompte des conversations…",
  "progress.done": "terminé",
  "progress.active": "en cours",
  "progress.pending": "pas commencé",
  "progress.filling": "Chargement des conversations : {covered} sur {total}",

  "error.invalid-user-id":
    "« {input} » n'est pas un identifiant Matrix. Il ressemble à @support:example.org.",
  "error.wrong-password": "Mot de passe incorrect pour {userId}.",
  "error.unknown-user": "Il n'existe pas de compte {userId} sur {server}.",
  "error.deactivated": "Le compte {userId} a été désactivé. Adressez-vous à votre administrateur.",
  "error.rate-limited": "Trop de tentatives. Réessayez dans {seconds} s.",
  "error.unreachable": "Impossible de joindre {server}. Vérifiez l'adresse et votre connexion.",
  "error.not-matrix": "{server} n'est pas un serveur d'accueil Matrix.",
  "error.no-password-login": "{server} n'accepte pas la connexion par mot de passe.",
  "error.session-ended": "Votre session pour {userId} a pris fin. Reconnectez-vous.",
  "error.homeserver-error": "Le serveur d'accueil a refusé : {detail}.",
  "error.unknown": "Un problème est survenu : {detail}",
  "conversationError.unencrypted-not-allowed":
    "Votre administrateur n'autorise pas les réponses non chiffrées.",
  "conversationError.room-not-loaded": "La conversation ne s'est pas chargée ; vérifiez la connexion.",
  "conversationError.not-known-encrypted":
    "Cette conversation n'est pas connue comme chiffrée ; la réponse n'a pas été envoyée.",

  "media.too-large": "Cette image dépasse la limite de {limit}.",
  "media.not-an-image": "Ce fichier n'est pas une image PNG, JPEG, GIF ou WebP.",
  "media.too-many-pixels": "Cette image a trop de pixels pour être affichée sans risque.",
  "media.decrypt-failed": "Cette image n'a pas pu être déchiffrée.",
  "media.unavailable": "Cette image n'est plus sur le serveur.",
  "media.network": "L'image n'a pas pu être téléchargée. Vérifiez la connexion.",
  "media.malformed": "Ce message image est mal formé ; il n'est pas affiché.",

  "nav.label": "Vues",
  "nav.conversations": "Conversations",
  "nav.broadcast": "Annonces",
  "nav.settings": "Réglages",

  "connection.offline":
    "Vous êtes hors ligne. Les réponses attendent ici et partent au retour de la connexion.",
  "connection.reconnecting": "Reconnexion au serveur d'accueil… Les réponses attendent qu'il réponde.",
  "connection.catchingUp": "Mise à jour de ce qui s'est passé pendant votre absence…",

  "sessionEnded.title": "Reconnectez-vous",
  "sessionEnded.submit": "Se connecter",
  "sessionEnded.signOut": "Se déconnecter",

  "inbox.region": "Conversations des portefeuilles",
  "inbox.search": "Rechercher dans les conversations",
  "inbox.searchPlaceholder": "Rechercher libellés et messages",
  "inbox.filters": "Conversations à afficher",
  "inbox.filter.all": "Toutes",
  "inbox.filter.unread": "Non lues",
  "inbox.filter.waiting": "En attente",
  "inbox.empty.all":
    "Aucune conversation pour l'instant. Elles apparaissent ici quand un portefeuille ouvre une discussion avec le support.",
  "inbox.empty.unread": "Rien de non lu.",
  "inbox.empty.waiting": "Aucun portefeuille n'attend de réponse.",
  "inbox.empty.search": "Aucune conversation ne correspond à « {query} ».",
  "inbox.loading": "Chargement des conversations…",
  "inbox.unread": { one: "{count} message non lu", other: "{count} messages non lus" },
  "inbox.unreadAtLeast": "Au moins {count} messages non lus",
  "inbox.waiting": "attend depuis {duration}",
  "inbox.sendsUnencrypted": "Envoie des messages non chiffrés",
  "inbox.cannotReadEncrypted": "Ne peut pas lire les réponses chiffrées",
  "inbox.roomWarning.other-members":
    "Quelqu'un d'autre que le portefeuille et le support est dans cette conversation",
  "inbox.roomWarning.not-invite-only": "N'importe qui peut désormais rejoindre cette conversation",
  "inbox.roomWarning.not-from-wallet": "Ce salon n'a pas été créé par le portefeuille",
  "inbox.roomWarning.not-encrypted": "Ce salon n'est pas chiffré",
  "labels.provisional":
    "Libellé provisoire : cet appareil n'a pas encore la clé de libellés de l'équipe (saisissez la clé de récupération dans Réglages → Chiffrement) ; d'ici là, un sosie peut être fabriqué",
  "labels.new": "Nouveau",
  "labels.lookalike": "Ressemble à {label}",
  "inbox.walletLeft": "Portefeuille parti",

  "preview.image": "Image",
  "preview.file": "Fichier",
  "preview.media": "Audio ou vidéo",
  "preview.undecryptable": "Indéchiffrable",
  "preview.secret": "Masqué : phrase de récupération ou clé",
  "preview.decrypting": "Message chiffré",
  "preview.other": "Message",
  "preview.none": "Pas encore de message",
  "preview.you": "Vous :",

  "time.now": "maintenant",
  "time.minutes": "{count} min",
  "time.hours": "{count} h",
  "time.days": "{count} j",
  "time.today": "Aujourd'hui",
  "time.yesterday": "Hier",

  "invites.title": "Autres invitations",
  "invites.count": {
    one: "{count} invitation attend une personne",
    other: "{count} invitations attendent une personne",
  },
  "invites.from": "De {inviter}",
  "invites.reason.not-direct": "Un salon de groupe, pas la discussion directe d'un portefeuille.",
  "invites.reason.not-encrypted": "Le salon n'est pas chiffré.",
  "invites.reason.server-not-allowed":
    "Le serveur de l'invitant ne fait pas partie des serveurs de portefeuilles autorisés.",
  "invites.reason.space": "Un espace, pas une conversation.",
  "invites.reason.not-from-creator": "Quelqu'un d'autre que le créateur du salon a invité le support.",
  "invites.reason.not-invite-only": "N'importe qui peut rejoindre ce salon : il n'est pas sur invitation.",
  "invites.reason.other-members": "D'autres personnes que l'invitant et le support sont dans ce salon.",
  "invites.reason.rate-limited": "Trop d'invitations de cet invitant ou de ce serveur en peu de temps.",
  "invites.reason.not-private":
    "Le support a rejoint, a constaté que ce n'est pas la conversation privée d'un portefeuille, et l'a quittée.",
  "invites.reason.forgotten":
    "Cette conversation a été oubliée à la demande de l'utilisateur du portefeuille ; ne l'acceptez que s'il a demandé à reprendre contact.",
  "invites.reason.malformed": "L'invitation est mal formée.",
  "invites.accept": "Accepter",
  "invites.decline": "Refuser",
  "invites.failed": "Cela n'a pas fonctionné : {detail}",

  "conversation.none": "Choisissez une conversation à gauche, ou appuyez sur {shortcut} pour y accéder.",
  "conversation.opening": "Ouverture de la conversation…",
  "conversation.unavailable":
    "Cette conversation ne peut pas s'ouvrir tant que la console n'est pas connectée.",
  "conversation.loading": "Chargement de la conversation…",
  "conversation.loadingOlder": "Chargement des messages plus anciens…",
  "conversation.beginning": "C'est le début de la conversation.",
  "conversation.timeline": "Messages avec {label}",
  "conversation.fromWallet": "{label} a écrit :",
  "conversation.fromOther": "Pas le portefeuille : {sender}",
  "conversation.fromSupport": "Le support a écrit :",
  "conversation.notEncrypted": "Non chiffré",
  "conversation.undecryptable": "Impossible de déchiffrer ce message",
  "conversation.decrypting": "Déchiffrement…",
  "conversation.unsupported": "Ce type de message ne peut pas être affiché ici.",
  "conversation.file": "Fichier : {name}",
  "conversation.status.queued": "En attente de connexion",
  "conversation.status.sending": "Envoi…",
  "conversation.status.failed": "Non envoyé",
  "conversation.error.refused": "le serveur l'a refusé ({detail})",
  "conversation.seen": "Vu",
  "conversation.walletLeft":
    "Le portefeuille a quitté cette conversation. Les réponses ne lui parviendront pas.",
  "conversation.openImage": "Ouvrir l'image {name}",
  "conversation.image": "Image",
  "conversation.imageLoading": "Chargement de l'image…",

  "decrypt.MEGOLM_UNKNOWN_INBOUND_SESSION_ID":
    "Le portefeuille n'a pas partagé la clé de ce message avec cet appareil. Les messages envoyés avant la connexion de cet appareil ne se lisent qu'avec la clé de récupération.",
  "decrypt.HISTORICAL_MESSAGE_NO_KEY_BACKUP":
    "Envoyé avant la connexion de cet appareil, et aucune sauvegarde de clés ne permet de le récupérer.",
  "decrypt.HISTORICAL_MESSAGE_BACKUP_UNCONFIGURED":
    "Envoyé avant la connexion de cet appareil. La clé de récupération peut débloquer les anciens messages.",
  "decrypt.HISTORICAL_MESSAGE_WORKING_BACKUP":
    "Envoyé avant la connexion de cet appareil ; sa clé n'est pas dans la sauvegarde.",
  "decrypt.HISTORICAL_MESSAGE_USER_NOT_JOINED": "Envoyé avant que le support ne rejoigne cette conversation.",
  "decrypt.MEGOLM_KEY_WITHHELD": "Le portefeuille a refusé de partager la clé de ce message.",
  "decrypt.MEGOLM_KEY_WITHHELD_FOR_UNVERIFIED_DEVICE":
    "Le portefeuille ne partage ses clés qu'avec des appareils vérifiés.",
  "decrypt.OLM_UNKNOWN_MESSAGE_INDEX": "Cet appareil n'a reçu la clé que pour des messages plus récents.",
  "decrypt.MALFORMED": "Ce message chiffré est mal formé ; rien ne peut le déchiffrer.",
  "decrypt.other": "Ce message n'a pas pu être déchiffré sur cet appareil.",

  "e2ee.title": "Ce portefeuille ne peut pas lire les réponses chiffrées",
  "e2ee.body":
    "Son application n'a pas de clés de chiffrement (c'est le cas des versions actuelles d'AltMe) : une réponse chiffrée n'apparaîtrait jamais dans le portefeuille.",
  "e2ee.allow": "Envoyer sans chiffrement à ce portefeuille",
  "e2ee.confirmed": "Les réponses à ce portefeuille partent sans chiffrement, comme vous l'avez confirmé.",
  "e2ee.notAllowed":
    "Votre administrateur n'autorise pas les réponses non chiffrées. Votre réponse reste dans la zone de saisie ; demandez à l'utilisateur du portefeuille de mettre à jour son application.",
  "e2ee.held": "Votre réponse n'est pas partie : ce portefeuille ne peut pas lire les réponses chiffrées.",

  "lightbox.label": "Image {name}",

  "composer.label": "Répondre à {label}",
  "composer.placeholder": "Écrire une réponse… Entrée envoie, Maj+Entrée ajoute une ligne",
  "composer.send": "Envoyer",
  "composer.attach": "Joindre une image",
  "composer.removeImage": "Retirer l'image",
  "composer.imageReady": "Image à envoyer : {name} ({size})",
  "composer.uploading": "Envoi de l'image : {percent} %",
  "composer.drop": "Déposez l'image pour la joindre",

  "broadcast.title": "Annonces",
  "broadcast.subtitle":
    "Une annonce part dans le salon d'annonces que chaque portefeuille affiche, en lecture seule.",
  "broadcast.loading": "Vérification du salon d'annonces…",
  "broadcast.noRoom": "Aucun salon d'annonces n'est configuré pour cette console.",
  "broadcast.loadFailed": "Le salon d'annonces n'a pas pu être chargé.",
  "broadcast.room": "Salon d'annonces",
  "broadcast.members": { one: "{count} membre", other: "{count} membres" },
  "broadcast.health": "Contrôles de sécurité",
  "broadcast.healthOk": "Sûr pour les annonces : les portefeuilles peuvent le lire mais pas y écrire.",
  "broadcast.healthBad": "Pas encore sûr : corrigez les contrôles en échec avant de publier.",
  "broadcast.checkPassed": "Réussi",
  "broadcast.checkFailed": "En échec",
  "broadcast.checkNote": "Remarque",
  "broadcast.repair": "Réparer le salon",
  "broadcast.repairing": "Réparation…",
  "broadcast.repaired": "Le salon a été réparé.",
  "broadcast.refresh": "Vérifier à nouveau",
  "broadcast.compose": "Nouvelle annonce",
  "broadcast.text": "Message",
  "broadcast.attach": "Joindre une image à la place",
  "broadcast.removeImage": "Retirer l'image",
  "broadcast.preview": "Aperçu, tel que les portefeuilles le verront",
  "broadcast.previewEmpty": "Votre annonce apparaît ici pendant que vous l'écrivez.",
  "broadcast.post": "Publier…",
  "broadcast.posting": "Publication… {percent} %",
  "broadcast.posted": "Publiée.",
  "broadcast.confirmTitle": "Publier cette annonce ?",
  "broadcast.confirmAudience": "Publier dans {room} — {members}",
  "broadcast.confirmNote":
    "Elle est publique, chaque portefeuille l'affiche, et elle ne peut pas être retirée.",
  "broadcast.confirmPost": "Publier",
  "broadcast.history": "Annonces précédentes",
  "broadcast.historyEmpty": "Pas encore d'annonce.",
  "broadcast.createTitle": "Créer un salon d'annonces",
  "broadcast.createHint":
    "La console le crée avec des réglages sûrs. Donnez ensuite son adresse à votre administrateur et au fournisseur de portefeuilles.",
  "broadcast.createAlias": "Adresse",
  "broadcast.createAliasHint": "Par exemple « news » : l'adresse devient #news:{server}",
  "broadcast.createName": "Nom",
  "broadcast.createTopic": "Sujet (facultatif)",
  "broadcast.createSubmit": "Créer le salon",

  "link.confirmTitle": "Ouvrir un lien qui affiche autre chose ?",
  "link.confirmShown": "Le message affiche :",
  "link.confirmGoes": "Le lien mène en réalité à :",
  "link.confirmOpen": "Ouvrir {host}",

  "check.public": "Les portefeuilles peuvent rejoindre",
  "check.public.ok": "Tout le monde peut rejoindre : les portefeuilles le rejoignent par son adresse.",
  "check.public.fail":
    "Les portefeuilles ne peuvent pas rejoindre : la règle d'accès est « {joinRule} », pas « public ».",
  "check.in_directory": "Listé dans l'annuaire des salons",
  "check.in_directory.ok": "Listé dans l'annuaire public des salons du serveur.",
  "check.in_directory.fail":
    "Absent de l'annuaire des salons. Les portefeuilles le rejoignent par son adresse, ce n'est donc pas un problème.",
  "check.support_can_post": "Le support peut publier",
  "check.support_can_post.ok":
    "Le niveau de pouvoir du support est {supportLevel} ; publier demande {messageLevel}.",
  "check.support_can_post.fail":
    "Le support ne peut pas publier ici (il n'a pas rejoint le salon, ou son niveau de pouvoir est trop bas).",
  "check.wallets_cannot_post": "Les portefeuilles ne peuvent pas publier",
  "check.wallets_cannot_post.ok":
    "Publier demande le niveau {lowestPostingLevel} ; les portefeuilles ont {walletLevel}.",
  "check.wallets_cannot_post.fail":
    "Les portefeuilles peuvent publier : il faut le niveau {lowestPostingLevel} et ils ont {walletLevel}. Il faudrait au moins 50.",
  "check.wallets_cannot_encrypt": "Les portefeuilles ne peuvent pas activer le chiffrement",
  "check.wallets_cannot_encrypt.ok":
    "Activer le chiffrement demande le niveau {encryptionLevel} ; les portefeuilles ont {walletLevel}.",
  "check.wallets_cannot_encrypt.fail":
    "Les portefeuilles tentent de chiffrer chaque salon qu'ils rejoignent, et c'est irréversible : il faut {encryptionLevel}, ils ont {walletLevel}. Il faudrait 100.",
  "check.wallets_cannot_change_room": "Les portefeuilles ne peuvent pas modifier le salon",
  "check.wallets_cannot_change_room.ok":
    "Modifier les réglages du salon demande le niveau {lowestSettingsLevel}.",
  "check.wallets_cannot_change_room.fail":
    "Les portefeuilles peuvent modifier les réglages du salon : {lowestSettingsType} demande le niveau {lowestSettingsLevel}.",
  "check.wallets_cannot_moderate": "Les portefeuilles ne peuvent pas retirer d'annonces ni de membres",
  "check.wallets_cannot_moderate.ok":
    "Retirer des messages, expulser, bannir et inviter demandent un niveau de pouvoir de {lowestModerationLevel} ou plus.",
  "check.wallets_cannot_moderate.fail":
    "Les portefeuilles peuvent agir sur les autres : {lowestModerationKey} demande le niveau {lowestModerationLevel} et les portefeuilles ont {walletLevel}.",
  "check.no_raised_members": "Aucun portefeuille n'a de niveau de pouvoir élevé",
  "check.no_raised_members.ok": "Aucun membre autre que le support n'a de niveau de pouvoir élevé.",
  "check.no_raised_members.fail":
    "{count} membre(s) autre(s) que le support ont un niveau de pouvoir élevé : {members}. Un portefeuille listé là obtient ce pouvoir.",
  "check.not_encrypted": "Non chiffré",
  "check.not_encrypted.ok": "Tous les portefeuilles peuvent lire les annonces.",
  "check.not_encrypted.fail":
    "Le salon est chiffré de bout en bout : les portefeuilles sans chiffrement ne peuvent pas lire les annonces. Créez un nouveau salon d'annonces.",
  "check.history_visible": "Annonces précédentes visibles",
  "check.history_visible.ok": "Les portefeuilles qui rejoignent plus tard voient les annonces précédentes.",
  "check.history_visible.fail":
    "Les portefeuilles qui rejoignent plus tard ne verront pas les annonces précédentes.",

  "broadcastError.invalid-address": "Ce n'est pas une adresse de salon. Elle ressemble à #news:example.org.",
  "broadcastError.no-such-alias": "Aucun salon n'a cette adresse.",
  "broadcastError.room-not-found": "Le salon d'annonces est introuvable.",
  "broadcastError.not-allowed": "Le support n'a pas le droit de rejoindre le salon d'annonces.",
  "broadcastError.unreachable": "Le serveur d'accueil est injoignable. Vérifiez la connexion et réessayez.",
  "broadcastError.not-joined": "Le support n'est pas membre du salon d'annonces.",
  "broadcastError.encrypted":
    "Le salon d'annonces est chiffré : les portefeuilles ne pourraient pas lire l'annonce ; rien n'a été envoyé. Créez un nouveau salon d'annonces.",
  "broadcastError.alias-taken": "Cette adresse est déjà prise.",
  "broadcastError.invalid-alias": "Utilisez uniquement des lettres, chiffres, points, tirets et tirets bas.",
  "broadcastError.alias-wrong-server": "L'adresse doit être sur le serveur du support.",
  "broadcastError.server-forces-encryption":
    "Le serveur du support chiffre chaque nouveau salon ; il ne peut donc pas héberger de salon d'annonces. Adressez-vous à votre administrateur.",
  "broadcastError.empty": "Écrivez d'abord quelque chose à annoncer.",
  "broadcastError.forbidden": "Le niveau de pouvoir du support est trop bas pour cela.",
  "broadcastError.failed": "Cela n'a pas fonctionné : {detail}",

  "settings.title": "Réglages",
  "settings.account": "Compte",
  "settings.userId": "Connecté en tant que",
  "settings.device": "Cet appareil",
  "settings.homeserver": "Serveur d'accueil",
  "settings.signOut": "Se déconnecter",
  "settings.signOutTitle": "Se déconnecter de cet appareil ?",
  "settings.signOutBody":
    "Les clés de chiffrement de cet appareil sont supprimées. Les réponses en attente d'envoi sont perdues, et les messages envoyés avant votre reconnexion pourraient être illisibles.",
  "settings.signingOut": "Déconnexion…",
  "settings.notifications": "Notifications",
  "settings.notificationsLabel": "Afficher une notification quand un portefeuille écrit",
  "settings.notificationContentLabel": "Afficher le contenu des messages dans les notifications",
  "settings.notificationContentHint":
    "Désactivé : une notification ne nomme que le portefeuille. Le système garde les notifications hors du stockage chiffré de la console (et peut les afficher sur l'écran de verrouillage).",
  "notification.hidden": "Nouveau message",
  "settings.appearance": "Apparence",
  "settings.theme": "Thème",
  "settings.theme.system": "Comme le système",
  "settings.theme.light": "Clair",
  "settings.theme.dark": "Sombre",
  "settings.language": "Langue",
  "settings.shortcuts": "Raccourcis clavier",
  "settings.shortcut.switcher": "Aller à une conversation",
  "settings.shortcut.previous": "Conversation précédente",
  "settings.shortcut.next": "Conversation suivante",
  "settings.shortcut.nextWaiting": "Portefeuille suivant en attente de réponse",
  "settings.shortcut.send": "Envoyer la réponse",
  "settings.shortcut.newline": "Nouvelle ligne dans la réponse",
  "settings.shortcut.close": "Fermer une fenêtre ou une image",
  "key.enter": "Entrée",
  "key.escape": "Échap",
  "settings.about": "À propos",
  "settings.version": "Version {version}",
  "settings.platform.web": "Version web",
  "settings.platform.electron": "Application de bureau",

  "recovery.title": "Chiffrement",
  "recovery.checking": "Vérification du chiffrement de cet appareil…",
  "recovery.needsSetup":
    "Le chiffrement n'est pas encore configuré pour ce compte de support : sans clé de récupération, un autre appareil ne peut pas lire les messages précédents.",
  "recovery.password": "Mot de passe du compte",
  "recovery.setUp": "Configurer le chiffrement",
  "recovery.settingUp": "Configuration…",
  "recovery.keyTitle": "Votre clé de récupération",
  "recovery.keyIntro":
    "Enregistrez-la maintenant dans le gestionnaire de mots de passe de votre organisation. Elle n'est affichée qu'une fois ; avec elle, tout appareil de ce compte peut lire les messages précédents.",
  "recovery.copy": "Copier",
  "recovery.copied": "Copiée.",
  "recovery.stored": "Je l'ai enregistrée en lieu sûr",
  "recovery.needsKey":
    "Saisissez la clé de récupération pour lire les messages envoyés avant la connexion de cet appareil, et pour vérifier cet appareil.",
  "recovery.key": "Clé de récupération",
  "recovery.unlock": "Déverrouiller",
  "recovery.unlocking": "Vérification de la clé…",
  "recovery.restoring": "Restauration des clés de messages : {imported} sur {total}",
  "recovery.restored": {
    one: "{count} clé de message restaurée.",
    other: "{count} clés de messages restaurées.",
  },
  "recovery.restoreAgain": "Restaurer à nouveau",
  "recovery.ready": "Cet appareil est vérifié et sauvegarde les clés des messages qu'il lit.",
  "recovery.notVerified": "Cet appareil n'est pas encore vérifié.",
  "recovery.backup": "Sauvegarde des clés, version {version}",
  "recovery.newKey": "Obtenir une nouvelle clé de récupération",
  "recovery.newKeyHint": "La clé de récupération actuelle cesse de fonctionner.",
  "recovery.unconfirmed":
    "La clé de récupération affichée plus tôt n'a jamais été confirmée comme enregistrée. Par prudence, obtenez-en une nouvelle.",
  "recovery.retry": "Vérifier à nouveau",
  "recovery.banner": "Chiffrement",
  "recovery.banner.showKey":
    "Enregistrez votre clé de récupération maintenant : elle n'est affichée qu'une fois.",
  "recovery.banner.needsKey":
    "Saisissez la clé de récupération pour lire les messages précédents sur cet appareil.",
  "recovery.banner.needsSetup": "Le chiffrement n'est pas configuré pour ce compte de support.",
  "recovery.banner.unconfirmed": "Votre clé de récupération n'a jamais été confirmée comme enregistrée.",
  "recovery.banner.error": "Le chiffrement demande votre attention.",
  "recovery.banner.open": "Ouvrir les réglages de chiffrement",

  "recoveryError.not-a-recovery-key":
    "Ce n'est pas une clé de récupération. Vérifiez la saisie : une clé de récupération commence par « Es » et compte 12 groupes de 4 lettres et chiffres.",
  "recoveryError.wrong-recovery-key":
    "Cette clé de récupération ne correspond pas à la sauvegarde de ce compte.",
  "recoveryError.no-recovery-set-up":
    "Ce compte de support n'a pas encore de clé de récupération. Connectez-vous sur l'appareil qui a configuré le chiffrement, ou configurez-le ici.",
  "recoveryError.password-needed": "Saisissez le mot de passe du compte pour configurer le chiffrement.",
  "recoveryError.wrong-password": "Mot de passe incorrect : le chiffrement n'a pas été configuré. Réessayez.",
  "recoveryError.unreachable": "Le serveur d'accueil est injoignable. Vérifiez votre connexion et réessayez.",
  "recoveryError.encryption-unavailable":
    "Le chiffrement n'est pas disponible dans cette session. Déconnectez-vous puis reconnectez-vous.",
  "recoveryError.failed":
    "La configuration du chiffrement a échoué ({step}) : {detail}. Réessayez ; si cela continue, prévenez votre administrateur.",

  "switcher.title": "Aller à une conversation",
  "switcher.input": "Libellé du portefeuille ou message",
  "switcher.none": "Aucune conversation ne correspond.",
  "switcher.results": { one: "{count} conversation", other: "{count} conversations" },

  "diag.cards": "Ce que la console a reconnu",
  "diag.card.credential-offer": "Offre d'attestation (OpenID4VCI)",
  "diag.card.presentation-request": "Demande de présentation (OpenID4VP)",
  "diag.card.did": "Identifiant décentralisé (DID)",
  "diag.card.link": "Lien",
  "diag.card.text": "Texte du code QR",
  "diag.qr.chip": { one: "Code QR", other: "{count} codes QR" },
  "diag.qr.decoded": "Lu dans l'image sur cet appareil. Rien n'a été téléchargé ni ouvert.",
  "diag.copy": "Copier en texte",
  "diag.copied": "Copié",
  "diag.copyFallback": "La copie n'est pas autorisée ici. Sélectionnez le texte ci-dessous et copiez-le.",
  "diag.copyLine": "{label} : {value}",
  "diag.copyHeading": "{title} :",
  "diag.adviceTitle": "Ce qu'un portefeuille en fait, et pourquoi cela échoue d'habitude",
  "diag.does": "Ce que fait un portefeuille",
  "diag.fails": "Causes d'échec habituelles",
  "diag.findings": "Vérifié par rapport à la spécification",
  "diag.severity.problem": "Problème",
  "diag.severity.warning": "Avertissement",
  "diag.severity.note": "Remarque",

  "diag.row.scheme": "Ouvert par",
  "diag.row.delivery": "Offre transmise",
  "diag.row.issuer": "Émetteur",
  "diag.row.offerUri": "Adresse de l'offre",
  "diag.row.metadataUrl": "Métadonnées de l'émetteur",
  "diag.row.configurations": "Attestations offertes",
  "diag.row.grant": "Autorisation",
  "diag.row.preAuthorizedCode": "Code pré-autorisé",
  "diag.row.txCode": "Code de transaction",
  "diag.row.issuerState": "État de l'émetteur",
  "diag.row.protocol": "Protocole",
  "diag.row.clientId": "Identifiant client",
  "diag.row.clientIdPrefix": "Préfixe de l'identifiant client",
  "diag.row.responseType": "Type de réponse",
  "diag.row.responseMode": "Mode de réponse",
  "diag.row.responseUri": "Adresse de réponse",
  "diag.row.redirectUri": "Adresse de redirection",
  "diag.row.requestUri": "Adresse de la demande",
  "diag.row.requestUriMethod": "Demande récupérée par",
  "diag.row.requestObject": "Objet de demande",
  "diag.row.query": "Demande",
  "diag.row.nonce": "Nonce (valeur unique)",
  "diag.row.expires": "Expire",
  "diag.row.method": "Méthode",
  "diag.row.keyType": "Type de clé",
  "diag.row.identifier": "Identifiant",
  "diag.row.documentUrl": "Document DID",
  "diag.row.host": "Mène à",
  "diag.row.url": "Adresse",
  "diag.row.content": "Contenu",

  "diag.value.delivery.by-value": "dans le lien lui-même (par valeur)",
  "diag.value.delivery.by-reference": "sous forme d'adresse à télécharger (par référence)",
  "diag.value.grant.pre-authorized": "code pré-autorisé (sans connexion)",
  "diag.value.grant.authorization-code": "code d'autorisation (l'utilisateur se connecte)",
  "diag.value.txCode.none": "non requis",
  "diag.value.txCode.required": "requis ({detail})",
  "diag.value.present": "présent",
  "diag.value.absent": "non fourni",
  "diag.value.protocol.vp": "OpenID4VP (partage d'attestations)",
  "diag.value.protocol.siop": "SIOPv2 (connexion avec le portefeuille)",
  "diag.value.protocol.siop-vp": "SIOPv2 et OpenID4VP (connexion et partage d'attestations)",
  "diag.value.prefix.none": "aucun (un client que le portefeuille doit déjà connaître)",
  "diag.value.query.dcql": "requête DCQL : {detail}",
  "diag.value.query.presentation-definition": "définition Presentation Exchange : {detail}",
  "diag.value.query.scope": "scope : {detail}",
  "diag.value.query.none": "rien d'indiqué",
  "diag.value.requestObject.signed": "signé ({detail}) ; la signature n'a pas été vérifiée ici",
  "diag.value.requestObject.unsigned": "non signé ({detail})",
  "diag.value.requestObject.not-fetched": "à l'adresse de la demande ; non téléchargé par la console",
  "diag.value.content.secret":
    "masqué : cela ressemble à une phrase de récupération ou à une clé privée, qui doit rester dans le portefeuille",
  "diag.value.expiredBefore": "{time} : déjà expiré quand le message a été envoyé",
  "diag.value.expiresAt": "le {time}",

  "diag.finding.offer.both-value-and-reference":
    "Le lien contient à la fois credential_offer et credential_offer_uri ; un seul est permis.",
  "diag.finding.offer.neither-value-nor-reference":
    "Le lien ne contient ni credential_offer ni credential_offer_uri : il n'y a pas d'offre dedans.",
  "diag.finding.offer.not-json":
    "L'offre n'est pas du JSON valide (elle a peut-être été coupée lors de la copie).",
  "diag.finding.offer.not-object": "L'offre est du JSON mais pas un objet.",
  "diag.finding.offer.reference-not-https": "L'adresse de l'offre doit être une URL https://.",
  "diag.finding.offer.issuer-missing": "credential_issuer est absent.",
  "diag.finding.offer.issuer-not-https": "L'émetteur doit être une URL https://.",
  "diag.finding.offer.issuer-has-query": "L'URL de l'émetteur ne doit avoir ni requête ni fragment.",
  "diag.finding.offer.ids-missing":
    "credential_configuration_ids est absent : le portefeuille ne sait pas ce qui est offert.",
  "diag.finding.offer.ids-empty": "credential_configuration_ids est vide.",
  "diag.finding.offer.ids-not-strings": "credential_configuration_ids doit être une liste de chaînes.",
  "diag.finding.offer.ids-duplicate": "credential_configuration_ids cite deux fois la même attestation.",
  "diag.finding.offer.legacy-credentials":
    "Utilise `credentials` des brouillons 11–12 au lieu de credential_configuration_ids : les portefeuilles à la version finale peuvent le refuser.",
  "diag.finding.offer.legacy-user-pin":
    "Utilise user_pin_required des brouillons 11–12 au lieu de tx_code : le portefeuille risque de ne pas demander le code.",
  "diag.finding.offer.legacy-initiate-issuance":
    "Un lien openid-initiate-issuance:// du brouillon 8 : les portefeuilles actuels ne l'ouvrent pas.",
  "diag.finding.offer.grants-not-object": "grants doit être un objet.",
  "diag.finding.offer.no-grants":
    "Aucune autorisation n'est indiquée : le portefeuille doit la déduire des métadonnées de l'émetteur.",
  "diag.finding.offer.unknown-grant": "Type d'autorisation inconnu {grant} : les portefeuilles l'ignorent.",
  "diag.finding.offer.pre-auth-code-missing": "L'autorisation pré-autorisée n'a pas de pre-authorized_code.",
  "diag.finding.offer.tx-code-not-object": "tx_code doit être un objet.",
  "diag.finding.offer.tx-code-input-mode": "Le input_mode « {value} » de tx_code n'est ni numeric ni text.",
  "diag.finding.offer.tx-code-length": "La longueur « {value} » de tx_code n'est pas un entier positif.",
  "diag.finding.offer.tx-code-description-long":
    "La description du code de transaction fait {length} caractères ; la limite est de 300.",

  "diag.finding.request.client-id-missing":
    "client_id est absent : tous les portefeuilles refusent la demande.",
  "diag.finding.request.client-id-prefix-unknown":
    "Le préfixe « {prefix} » n'est pas défini par OpenID4VP 1.0 : le portefeuille le traite comme un client connu ou refuse.",
  "diag.finding.request.client-id-legacy-scheme":
    "Envoie client_id_scheme={scheme} (brouillons 19–21) : les portefeuilles à la version finale l'ignorent et lisent l'identifiant autrement.",
  "diag.finding.request.client-id-legacy-prefix":
    "Un identifiant client commençant par « {prefix}: » vient d'un brouillon antérieur à la 1.0 ; OpenID4VP 1.0 écrit « {now}: ».",
  "diag.finding.request.x509-host-mismatch":
    "Le nom du certificat {name} ne correspond pas à l'hôte de réponse {host} : le portefeuille refuse s'il ne fait pas confiance à ce vérificateur.",
  "diag.finding.request.client-id-origin":
    "Le préfixe origin: est réservé à l'API du navigateur ; les portefeuilles doivent le refuser ici.",
  "diag.finding.request.client-id-mismatch":
    "Le client_id du lien diffère de celui de l'objet de demande : le portefeuille s'arrête.",
  "diag.finding.request.redirect-uri-signed":
    "Un client redirect_uri: ne peut pas signer sa demande ; le portefeuille n'a aucune clé pour la vérifier.",
  "diag.finding.request.request-and-uri":
    "request et request_uri sont tous deux présents ; un seul est permis.",
  "diag.finding.request.request-uri-not-https": "L'adresse de la demande doit être une URL https://.",
  "diag.finding.request.request-uri-method": "request_uri_method « {value} » n'est ni get ni post.",
  "diag.finding.request.request-uri-method-alone": "request_uri_method est donné sans request_uri.",
  "diag.finding.request.request-not-jwt": "Le paramètre request n'est pas un JWT.",
  "diag.finding.request.request-encrypted":
    "L'objet de demande est chiffré : seul le portefeuille peut le lire.",
  "diag.finding.request.request-unsigned":
    "L'objet de demande n'est pas signé : la plupart des portefeuilles refusent les objets de demande non signés.",
  "diag.finding.request.request-typ":
    "Le typ de l'objet de demande est « {value} », pas oauth-authz-req+jwt : les portefeuilles OpenID4VP 1.0 doivent le refuser.",
  "diag.finding.request.response-type-missing": "response_type est absent.",
  "diag.finding.request.response-type-unknown":
    "response_type « {value} » ne demande ni vp_token ni id_token.",
  "diag.finding.request.nonce-missing": "nonce est absent : les portefeuilles refusent la demande.",
  "diag.finding.request.response-mode-missing":
    "Pas de response_mode : la réponse repasse par le navigateur, ce qui échoue quand le code a été scanné sur un autre écran.",
  "diag.finding.request.response-mode-unknown": "response_mode inconnu « {value} ».",
  "diag.finding.request.direct-post-no-response-uri": "direct_post exige un response_uri ; il n'y en a pas.",
  "diag.finding.request.direct-post-redirect-uri": "Avec direct_post, redirect_uri ne doit pas être envoyé.",
  "diag.finding.request.response-uri-not-https": "L'adresse de réponse doit être une URL https://.",
  "diag.finding.request.no-query":
    "La demande ne dit pas quelles attestations elle veut (ni dcql_query ni scope).",
  "diag.finding.request.query-twice":
    "Une requête DCQL et une définition de présentation sont envoyées ensemble ; une seule est permise.",
  "diag.finding.request.legacy-presentation-definition":
    "Utilise une définition Presentation Exchange (brouillons antérieurs à la 1.0) : les portefeuilles à la version finale attendent une requête DCQL.",
  "diag.finding.request.query-not-json": "{name} n'est pas du JSON valide.",
  "diag.finding.request.transaction-data":
    "Contient transaction_data : un portefeuille qui ne le prend pas en charge doit refuser la demande.",
  "diag.finding.request.outer-params-ignored":
    "Le lien contient aussi {names} ; le portefeuille les ignore et n'utilise que la demande téléchargée.",

  "diag.finding.did.malformed": "Ce n'est pas un DID valide.",
  "diag.finding.did.multibase": "did:key doit être en base58btc (commençant par z), pas « {prefix} ».",
  "diag.finding.did.base58": "La valeur did:key n'est pas du base58 valide.",
  "diag.finding.did.multicodec-unknown": "Type de clé inconnu (multicodec {code}).",
  "diag.finding.did.key-length": "Une clé {type} fait {expected} octets ; celle-ci en fait {actual}.",
  "diag.finding.did.jwk-base64": "La valeur did:jwk n'est pas du base64url.",
  "diag.finding.did.jwk-not-json": "La valeur did:jwk ne se décode pas en clé JSON.",
  "diag.finding.did.jwk-private-key":
    "Cet identifiant contient une clé PRIVÉE : le portefeuille a publié son secret et doit créer une nouvelle clé.",
  "diag.finding.did.jwk-kty": "La clé n'a pas de kty.",
  "diag.finding.did.web-host": "Le domaine did:web n'est pas un nom d'hôte valide.",
  "diag.finding.did.ebsi-id":
    "Ce n'est pas un identifiant EBSI valide (17 octets commençant par la version 1, en base58btc).",
  "diag.finding.did.not-decoded": "did:{method} est reconnu mais pas décodé ici.",

  "diag.finding.link.userinfo":
    "Le texte avant « @ » n'est pas la destination de ce lien : il mène à {host}. Une ruse d'hameçonnage courante.",
  "diag.finding.link.not-https": "Non chiffré (http://).",
  "diag.finding.link.ip-host": "Mène à une adresse IP brute, pas à un nom.",
  "diag.finding.link.punycode":
    "Le nom utilise des caractères internationaux (xn--) : il peut imiter un autre site.",
  "diag.finding.link.port": "Utilise le port {port}.",
  "diag.finding.text.truncated": "Très long ({length} caractères) : seul le début a été lu.",
  "diag.finding.text.binary": "Ressemble à des données binaires, pas à du texte.",

  "diag.advice.offer.does.by-reference":
    "Le portefeuille télécharge l'offre depuis {host}. La console ne le fait pas : son contenu est donc inconnu ici.",
  "diag.advice.offer.does.pre-auth":
    "Le portefeuille échange le code pré-autorisé contre un jeton d'accès ; aucune connexion n'est nécessaire.",
  "diag.advice.offer.does.tx-code":
    "Le portefeuille demande à l'utilisateur un code de transaction, envoyé à part (e-mail, SMS…).",
  "diag.advice.offer.does.auth-code":
    "Le portefeuille ouvre la page de connexion de l'émetteur ; une fois connecté, l'utilisateur revient au portefeuille.",
  "diag.advice.offer.does.metadata": "Le portefeuille lit d'abord les métadonnées de l'émetteur à {url}.",
  "diag.advice.offer.fails.expired":
    "L'offre a expiré ou a déjà servi : les codes pré-autorisés sont brefs et à usage unique, donc une capture d'écran scannée plus tard échoue.",
  "diag.advice.offer.fails.tx-code":
    "Le code de transaction est faux, absent ou expiré (trop d'essais peuvent bloquer l'offre).",
  "diag.advice.offer.fails.metadata":
    "Le portefeuille n'atteint pas l'émetteur ou ne peut pas lire ses métadonnées (réseau, certificat, mauvaise URL).",
  "diag.advice.offer.fails.configuration":
    "Le portefeuille ne prend pas en charge le format, le type de clé ou le type de preuve de l'attestation offerte.",
  "diag.advice.offer.fails.sign-in":
    "La connexion n'est pas revenue au portefeuille (problème de navigateur, de redirection ou de compte).",
  "diag.advice.request.does.by-reference":
    "Le portefeuille télécharge la demande depuis {host}, vérifie qui l'a signée, puis montre à l'utilisateur ce qui est demandé.",
  "diag.advice.request.does.inline":
    "La demande est dans le lien lui-même ; le portefeuille montre à l'utilisateur ce qui est demandé.",
  "diag.advice.request.does.consent":
    "Si l'utilisateur accepte, le portefeuille envoie les attestations choisies à {host}.",
  "diag.advice.request.does.siop":
    "Le portefeuille connecte l'utilisateur au vérificateur avec un jeton d'identité auto-émis.",
  "diag.advice.request.fails.expired":
    "La demande a expiré ou a déjà servi : les demandes sont brèves et à usage unique, donc une capture d'écran scannée plus tard échoue.",
  "diag.advice.request.fails.client-id":
    "Le portefeuille ne prend pas en charge ce préfixe d'identifiant client, ou ne peut pas faire confiance au certificat ou au DID du vérificateur.",
  "diag.advice.request.fails.no-credential":
    "Le portefeuille n'a aucune attestation correspondant à la demande.",
  "diag.advice.request.fails.formats":
    "Le portefeuille ne prend pas en charge les formats d'attestation demandés.",
  "diag.advice.request.fails.response":
    "Le portefeuille n'atteint pas l'adresse de réponse, ou le vérificateur rejette la réponse.",
  "diag.advice.did.does.self-contained":
    "La clé est dans l'identifiant : rien n'est à télécharger pour l'utiliser.",
  "diag.advice.did.does.web": "Celui qui le vérifie télécharge le document DID depuis {url}.",
  "diag.advice.did.does.ebsi": "Celui qui le vérifie le cherche dans le registre EBSI.",
  "diag.advice.did.does.other": "Celui qui le vérifie le résout avec la méthode did:{method}.",
  "diag.advice.did.fails.key-type":
    "L'autre partie n'accepte pas ce type de clé (beaucoup exigent P-256 ou Ed25519).",
  "diag.advice.did.fails.web":
    "Le document DID est absent à cette adresse, n'est pas servi en https, ou n'a pas de clé correspondante.",
  "diag.advice.did.fails.ebsi": "L'identifiant n'est pas (encore) enregistré dans le registre EBSI.",
  "diag.advice.link.does.open": "Un clic ouvre {host} dans le navigateur.",
  "diag.advice.text.does.nothing": "Ce n'est rien sur quoi un portefeuille agit.",
  "guard.hidden.mnemonic": "Masqué : ce message ressemble à une phrase de récupération",
  "guard.hidden.key": "Masqué : ce message ressemble à une clé privée",
  "guard.hidden.detail.mnemonic": "{count} mots, liste de mots {language}",
  "guard.hidden.detail.key": "Format : {format}",
  "guard.reveal": "Afficher",
  "guard.hideAgain": "Masquer à nouveau",
  "guard.revealed": "Affiché. Ne le copiez pas et ne le répétez nulle part.",
  "guard.confirmReveal.title": "Afficher ce secret ?",
  "guard.confirmReveal.body":
    "Quiconque voit une phrase de récupération ou une clé privée peut prendre les fonds du portefeuille. Ne l'affichez que si vous devez vérifier ce que l'utilisateur a envoyé. L'affichage est consigné dans l'activité de la conversation.",
  "guard.confirmReveal.confirm": "Afficher le secret",
  "guard.banner.label": "Secret partagé par le portefeuille",
  "guard.banner.title.mnemonic": "Ce portefeuille a partagé ce qui ressemble à sa phrase de récupération",
  "guard.banner.title.key": "Ce portefeuille a partagé ce qui ressemble à une clé privée",
  "guard.banner.dont": "Ne la copiez, ne la répétez et ne l'utilisez jamais, et ne la redemandez pas.",
  "guard.banner.do":
    "Dites à l'utilisateur qu'elle est compromise et qu'il doit créer un nouveau portefeuille et y transférer ses fonds dès maintenant.",
  "guard.banner.suggested": "Réponse suggérée en {language}",
  "guard.banner.use": "Mettre cette réponse dans la zone de saisie",
  "guard.banner.switchLanguage": "L'afficher en {language}",
  "guard.held.title.recovery-phrase": "Ce brouillon demande une phrase de récupération",
  "guard.held.title.private-key": "Ce brouillon demande une clé privée",
  "guard.held.title.pin": "Ce brouillon demande un code PIN",
  "guard.held.title.password": "Ce brouillon demande un mot de passe",
  "guard.held.body":
    "Le support n'en a jamais besoin, et les escrocs qui se font passer pour le support la demandent toujours. Le brouillon n'est pas parti.",
  "guard.held.body.broadcast":
    "Le support n'en a jamais besoin, et les escrocs qui se font passer pour le support la demandent toujours. Cette annonce atteindrait tous les portefeuilles. Elle n'est pas publiée.",
  "guard.held.sentence": "La phrase qui demande :",
  "guard.held.edit": "Modifier le brouillon",
  "guard.held.sendAnyway": "Envoyer quand même…",
  "guard.confirmSend.title": "Envoyer un message qui demande un secret ?",
  "guard.confirmSend.body":
    "On apprend aux utilisateurs que personne du support ne le leur demandera jamais. L'envoyer quand même est consigné dans l'activité de la conversation.",
  "guard.confirmSend.check": "Je suis sûr que ce message doit le demander",
  "guard.confirmSend.confirm": "Envoyer quand même",
  "guard.format.hex": "64 chiffres hexadécimaux",
  "guard.format.wif": "WIF",
  "guard.format.bip38": "clé chiffrée BIP-38",
  "guard.format.extended-private": "clé privée étendue (xprv)",
  "guard.format.keystore": "fichier keystore chiffré",
  "guard.format.byte-array": "tableau de 64 octets",
  "guard.language.english": "anglais",
  "guard.language.french": "français",
  "guard.language.spanish": "espagnol",
  "guard.language.italian": "italien",
  "guard.language.portuguese": "portugais",
  "guard.language.czech": "tchèque",
  "guard.language.japanese": "japonais",
  "guard.language.korean": "coréen",
  "guard.language.chinese-simplified": "chinois simplifié",
  "guard.language.chinese-traditional": "chinois traditionnel",
  "search.results": { one: "{count} message correspondant", other: "{count} messages correspondants" },
  "search.byConversation": {
    one: "{count} conversation par nom ou dernier message",
    other: "{count} conversations par nom ou dernier message",
  },
  "search.inMessages": {
    one: "{count} message dans l'historique",
    other: "{count} messages dans l'historique",
  },
  "search.matches": { one: "{count} résultat", other: "{count} résultats" },
  "search.note": "Note :",
  "search.other": "Pas le portefeuille :",
  "search.unknownConversation": "Conversation qui n'est plus listée",
  "search.progress.label": "Indexation de l'historique pour la recherche",
  "search.progress.loading": "Ouverture de l'index de recherche…",
  "search.progress.indexing": "Indexation de l'historique : {done} conversations sur {total}",
  "search.progress.paused":
    "Indexation en pause pendant que vous travaillez ({done} conversations sur {total})",
  "search.progress.complete": {
    one: "La recherche couvre tout l'historique ({count} message)",
    other: "La recherche couvre tout l'historique ({count} messages)",
  },
  "conversation.jumpedTo": "Le message recherché",
  "conversation.showLatest": "Aller aux derniers messages",
  "conversation.loadingNewer": "Chargement des messages plus récents…",
  "conversation.actions": "Actions sur la conversation",
  "export.open": "Exporter…",
  "export.openAll": "Exporter des transcriptions…",
  "export.title": "Exporter des transcriptions",
  "export.scope": "Que faut-il exporter ?",
  "export.scope.one": "Cette conversation ({label})",
  "export.scope.all": "Toutes les conversations actives sur une période",
  "export.from": "Du",
  "export.to": "Au",
  "export.format": "Format",
  "export.format.html": "HTML (à lire ou imprimer)",
  "export.format.json": "JSON (pour les outils et l'archivage)",
  "export.language": "Langue de la transcription",
  "export.images": "Inclure les images (fichier plus lourd)",
  "export.start": "Exporter",
  "export.cancel": "Annuler",
  "export.close": "Fermer",
  "export.running": "Export de {done} conversations sur {total} ({messages} messages)…",
  "export.done": "{name} enregistré ({size}).",
  "export.cancelled": "Export annulé. Rien n'a été enregistré.",
  "export.failed": "L'export a échoué : {reason}. Rien n'a été enregistré.",
  "export.failed.connection": "le serveur est injoignable",
  "export.failed.server": "le serveur a refusé une requête",
  "export.empty": "Aucune conversation n'a été active sur cette période.",
  "export.badRange": "La date de début doit précéder ou égaler la date de fin.",
  "export.hiddenSecrets":
    "Les messages contenant une phrase de récupération ou une clé restent masqués dans la transcription.",
  "export.doc.title": "Transcription du support",
  "export.doc.conversation": "Conversation avec {label}",
  "export.doc.exported": "Exportée le {date} depuis {app}",
  "export.doc.range": "Messages du {from} au {to}",
  "export.doc.allTime": "Tous les messages",
  "export.doc.count": { one: "{count} message", other: "{count} messages" },
  "export.doc.support": "Support",
  "export.doc.hiddenSecret": "Masqué : ce message contenait une phrase de récupération ou une clé privée.",
  "export.doc.undecryptable": "Ce message n'a pas pu être déchiffré sur l'appareil qui a exporté.",
  "export.doc.image": "Image",
  "export.doc.imageMissing": "Image non incluse",
  "export.doc.file": "Fichier",
  "export.doc.note": "Note interne",
  "export.doc.empty": "Aucun message sur cette période.",
  "export.doc.contents": "Conversations",
  "forget.open": "Oublier…",
  "forget.title": "Oublier cette conversation ?",
  "forget.body":
    "À utiliser quand l'utilisateur d'un portefeuille demande l'effacement de ses données. Le support quitte la conversation de {label} sur le serveur et demande au serveur de l'oublier, et cet appareil en efface toute trace : messages, images, entrées de recherche, réponses en attente et sa ligne dans la boîte de réception. Si le portefeuille invite de nouveau le support dans cette conversation, l'invitation attendra un agent au lieu d'être acceptée automatiquement.",
  "forget.others":
    "Les appareils des autres agents gardent leur copie jusqu'à ce qu'ils l'oublient aussi. C'est irréversible.",
  "forget.confirm": "Je comprends que cette conversation ne pourra pas être restaurée",
  "forget.submit": "Oublier la conversation",
  "forget.cancel": "Annuler",
  "forget.working": "Oubli en cours…",
  "forget.failed":
    "La conversation n'a pas pu être oubliée : {reason}. Rien n'a été effacé sur cet appareil ; réessayez.",
  "forget.done": "Conversation oubliée. Il ne reste qu'une trace indiquant qu'elle a été oubliée.",
};
