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

  "wallet.name": "Portefeuille {code}",
  "inbox.region": "Conversations des portefeuilles",
  "inbox.search": "Rechercher dans les conversations",
  "inbox.searchPlaceholder": "Rechercher libellés et messages",
  "inbox.filters": "Conversations à afficher",
  "inbox.filter.all": "Toutes",
  "inbox.filter.unread": "Non lues",
  "inbox.filter.waiting": "En attente",
  "inbox.newActivity": "Nouvelle activité : afficher le nouvel ordre",
  "inbox.newActivityShort": "Nouvelle activité",
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
  "invites.reason.malformed": "L'invitation est mal formée.",
  "invites.accept": "Accepter",
  "invites.decline": "Refuser",
  "invites.failed": "Cela n'a pas fonctionné : {detail}",

  "handAccepted.title": "Salons acceptés manuellement",
  "handAccepted.hint":
    "Ce ne sont pas des conversations de portefeuilles : la console les liste ici sans les ouvrir.",
  "handAccepted.unnamed": "Salon sans nom",
  "handAccepted.invitedBy": "Invitation de {inviter}",
  "handAccepted.leave": "Quitter",
  "handAccepted.confirmLeave": "Quitter {name} ?",
  "handAccepted.leaveConfirm": "Quitter le salon",

  "conversation.none": "Choisissez une conversation à gauche, ou appuyez sur {shortcut} pour y accéder.",
  "conversation.opening": "Ouverture de la conversation…",
  "conversation.unavailable":
    "Cette conversation ne peut pas s'ouvrir tant que la console n'est pas connectée.",
  "conversation.loading": "Chargement de la conversation…",
  "conversation.loadingOlder": "Chargement des messages plus anciens…",
  "conversation.beginning": "C'est le début de la conversation.",
  "conversation.timeline": "Messages avec {label}",
  "conversation.fromWallet": "{label} a écrit :",
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
  "broadcast.postedTo": "Publiée dans {room} : les portefeuilles l'affichent maintenant.",
  "broadcast.postedImage": "Image : {name}",
  "broadcast.writeAnother": "Écrire une autre annonce",
  "broadcast.plainText":
    "Envoyée en texte brut : les portefeuilles actuels l'affichent telle que saisie, donc **gras** ou listes apparaissent avec leurs symboles. Les liens fonctionnent.",
  "broadcast.previewPlain": "Texte brut, liens cliquables — comme l'affichent les portefeuilles actuels.",
  "broadcast.confirmMessage": "Le message, exactement tel qu'il sera envoyé",
  "broadcast.checksPassed": {
    one: "{count} contrôle de sécurité réussi",
    other: "{count} contrôles de sécurité réussis",
  },
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
  "settings.signingOut": "Déconnexion…",
  "signOut.checking":
    "Vérification que les clés des messages de cet appareil sont dans la sauvegarde du serveur…",
  "signOut.safeBody":
    "Toutes les clés de messages de cet appareil sont dans la sauvegarde du serveur : l'historique restera lisible quand vous vous reconnecterez (avec la clé de récupération). Les réponses encore en attente d'envoi seront perdues.",
  "signOut.nothingBody":
    "Cet appareil ne détient aucune clé de message. Ses données seront effacées ; les réponses encore en attente d'envoi seront perdues.",
  "signOut.atRiskTitle": "Vous déconnecter maintenant ferait perdre l'historique chiffré",
  "signOut.atRiskBody": {
    one: "Cet appareil détient la seule copie des clés des messages chiffrés de {count} conversation, vos propres réponses comprises : elles ne sont pas dans une sauvegarde sur le serveur. La déconnexion les efface, et ces messages ne pourront plus jamais être lus, sur aucun appareil.",
    other:
      "Cet appareil détient la seule copie des clés des messages chiffrés de {count} conversations, vos propres réponses comprises : elles ne sont pas dans une sauvegarde sur le serveur. La déconnexion les efface, et ces messages ne pourront plus jamais être lus, sur aucun appareil.",
  },
  "signOut.setUpHint":
    "Configurez d'abord la récupération : les clés partent dans la sauvegarde du serveur, et vous êtes déconnecté dès qu'elles y sont.",
  "signOut.keyHint":
    "Saisissez d'abord la clé de récupération : cet appareil sauvegarde alors ses clés, et vous êtes déconnecté dès qu'elles sont sur le serveur.",
  "signOut.setUpFirst": "Configurer la récupération d'abord",
  "signOut.enterKeyFirst": "Saisir la clé de récupération d'abord",
  "signOut.anyway": "Me déconnecter quand même…",
  "signOut.uploadingTitle": "Sauvegarde avant la déconnexion",
  "signOut.uploading": "Sauvegarde des dernières clés de messages de cet appareil…",
  "signOut.uploadingThenSignOut":
    "Sauvegarde des clés de messages : vous serez déconnecté dès qu'elles seront toutes sur le serveur.",
  "signOut.progress": "{uploaded} clés sauvegardées sur {total}",
  "signOut.stalled": {
    one: "{count} clé de message n'a pas pu être sauvegardée. Réessayez, ou déconnectez-vous en perdant les messages qu'elle déverrouille.",
    other:
      "{count} clés de messages n'ont pas pu être sauvegardées. Réessayez, ou déconnectez-vous en perdant les messages qu'elles déverrouillent.",
  },
  "signOut.loseTitle": "Vous déconnecter et perdre cet historique ?",
  "signOut.loseBody": {
    one: "Les messages antérieurs de {count} conversation, vos réponses comprises, s'afficheront comme « Impossible de déchiffrer » sur tous les appareils à partir de maintenant.",
    other:
      "Les messages antérieurs de {count} conversations, vos réponses comprises, s'afficheront comme « Impossible de déchiffrer » sur tous les appareils à partir de maintenant.",
  },
  "signOut.loseFinal": "C'est irréversible.",
  "signOut.back": "Retour",
  "signOut.loseConfirm": "Me déconnecter et perdre l'historique",
  "settings.notifications": "Notifications",
  "settings.notificationsLabel": "Afficher une notification quand un portefeuille écrit",
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

  "recoveryDialog.title": "Configurer le chiffrement",
  "recoveryDialog.why":
    "Ce compte de support n'a pas encore de clé de récupération. Sans elle, les messages que lit cet appareil ne pourront être lus ni sur un autre appareil, ni ici après votre déconnexion. La configuration se fait en une étape ; conservez ensuite la clé affichée.",
  "recoveryDialog.done":
    "Le chiffrement est configuré : cet appareil sauvegarde ses clés de messages, et la clé de récupération les déverrouille sur n'importe quel appareil.",
  "recoveryDialog.later": "Plus tard",

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
};
