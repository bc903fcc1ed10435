"""French support-ticket templates for build_tickets.py: framing pools and
(product kind, template) lists per tier. Data, not logic."""

POOLS: dict = {}
CONTENT: dict = {}

# --------------------------------------------------------------------------
# French
# --------------------------------------------------------------------------
POOLS["fr"] = {
    "small_ctx_biz": ["J'ai une petite {?boulangerie|agence de com|cabinet de kiné|entreprise de plomberie} et j'utilise {product} pour {?la facturation|les rendez-vous|les tâches de l'équipe}.",
                      "C'est mon ancien responsable qui avait créé le compte, et il n'est plus là.",
                      "Je m'occupe de l'administratif chez {company}, donc ce genre de question tombe sur moi.",
                      "On n'est que {n} utilisateurs, rien de compliqué."],
    "small_ctx": ["Je suis en déplacement et j'écris depuis mon téléphone.",
                  "Je rentre de {?congé maternité|longues vacances} et l'appli a pas mal changé.",
                  "D'habitude c'est mon {?fils|petit-fils} qui m'aide pour ça, mais il n'est pas là cette semaine.",
                  "Je suis client depuis des années et je n'ai jamais eu à faire ça."],
    "greet": {
        "polite": ["Bonjour,", "Bonjour à tous,", "Madame, Monsieur,", "Bonjour l'équipe {product},", "Bonsoir,",
                   "Bonjour le support,", "Chère équipe,"],
        "casual": ["Salut,", "Coucou,", "Hello,", "Salut l'équipe !"],
        "angry": ["", "Bonjour.", "Madame, Monsieur,"],
    },
    "sign": {
        "polite": ["Merci,\n{first}", "Cordialement,\n{fullname}", "Bien cordialement,\n{fullname}\n{company}",
                   "Merci d'avance.", "Bonne journée,\n{first}", "Merci pour votre aide,\n{fullname}",
                   "Bien à vous,\n{fullname}", "Dans l'attente de votre retour,\n{fullname}"],
        "casual": ["merci !", "bonne journée", "a+", "merci d'avance, {first}"],
        "angry": ["J'attends une réponse rapide.", "Ce n'est pas acceptable.", "Cordialement.",
                  "Merci de traiter ma demande en priorité.", "{fullname}"],
    },
    "pre": ["J'espère que vous allez bien.", "J'utilise {product} depuis {year} et j'en suis plutôt content.",
            "Désolé si la question est bête.", "L'informatique et moi, ça fait deux, merci de votre patience.",
            "Petite question rapide.", "J'ai cherché dans le centre d'aide mais je n'ai rien trouvé.",
            "Un collègue m'a dit que vous pourriez m'aider."],
    "post": ["Merci beaucoup pour votre aide !", "Rien d'urgent.", "Bonne fin de journée !",
             "Vous pouvez aussi m'appeler si c'est plus simple.", "Merci pour votre temps."],
    "angry_pre": ["Ça ne devrait pas être aussi compliqué.", "C'est la deuxième fois que je pose la question.",
                  "Je commence à perdre patience.", "Votre centre d'aide ne m'aide pas du tout.",
                  "Ça fait 20 minutes que j'attends sur le chat."],
    "mid_ctx": ["Nous sommes une équipe de {seats} personnes et utilisons {product} depuis environ {n} mois.",
                "Je gère le compte {product} chez {company}.",
                "Ce n'est pas vraiment un bug, je cherche surtout à comprendre le fonctionnement.",
                "Une question sur le comportement de {product}."],
    "r_open": [
        "On bloque là-dessus depuis {?deux jours|le début de la semaine|{weekday}} et on n'a plus d'idées.",
        "Désolé pour la longueur du message, je préfère tout vous donner d'un coup.",
    ],
    "r_open_biz": [
        "Je vous écris au nom de notre équipe technique.",
        "C'est un problème de production chez nous.",
    ],
    "r_close": [
        "Je peux vous envoyer les logs complets ou faire un appel si besoin.",
        "Est-ce que vous pouvez remonter ça à l'équipe technique ?",
        "Toute piste est la bienvenue, même juste pour confirmer que c'est un problème connu.",
    ],
    "r_close_biz": [
        "Ça bloque notre {?clôture mensuelle|mise en production de {weekday}}, donc une réponse rapide serait top.",
        "Je peux fournir d'autres request IDs si nécessaire.",
    ],
}

CONTENT["fr"] = {
    "small": [
        ("any", "Comment je réinitialise mon mot de passe ? Je ne m'en souviens plus et je ne peux plus me connecter."),
        ("any", "Je voudrais changer l'adresse e-mail de mon compte {product}, la nouvelle est {email}. Où est-ce que je fais ça ?"),
        ("any", "Ma carte bancaire a expiré. Où est-ce que je peux mettre la nouvelle pour que le prochain prélèvement passe ?"),
        ("saas", "Où puis-je télécharger la facture de {month} ? J'en ai besoin pour {?ma comptable|ma note de frais|la déclaration}."),
        ("saas", "Comment résilier mon abonnement ? Je ne trouve le bouton nulle part."),
        ("saas", "Nous voudrions passer de l'offre {plan} à l'offre {plan2}. On peut le faire nous-mêmes ?"),
        ("store", "J'ai renvoyé la commande {order} le {date}. Quand est-ce que je serai remboursé ?"),
        ("any", "Quels sont vos horaires d'ouverture du service client ? Vous répondez le samedi ?"),
        ("saas", "Comment ajouter un nouvel utilisateur à notre compte d'équipe ?"),
        ("bank", "Comment faire opposition à ma carte depuis l'application ? Je crois que je l'ai perdue."),
        ("bank", "Où est-ce que je peux télécharger mon RIB dans l'appli {product} ?"),
        ("store", "Est-ce que je peux encore modifier l'adresse de livraison de la commande {order} ? Elle n'est pas encore partie."),
        ("vpn", "Sur combien d'appareils je peux utiliser {product} avec un seul abonnement ?"),
        ("any", "Comment activer la double authentification ?"),
        ("any", "Où désactiver les notifications par e-mail ? J'en reçois {?beaucoup trop|une trentaine par jour}."),
        ("saas", "Est-il possible de payer à l'année plutôt qu'au mois ? C'est moins cher ?"),
        ("game", "J'ai changé de téléphone. Comment je récupère ma progression sur {product} ?"),
        ("saas", "Où est-ce que j'indique notre numéro de TVA intracommunautaire pour qu'il apparaisse sur les factures ?"),
        ("store", "Vous livrez en Belgique ? Et quels sont les délais ?"),
        ("any", "Merci de supprimer mon compte ainsi que toutes mes données."),
        ("saas", "J'ai été débité deux fois de {amount} ce mois-ci. Pouvez-vous rembourser un des deux prélèvements ?"),
        ("bank", "Quel est le plafond de paiement de ma carte et comment l'augmenter temporairement ?"),
        ("store", "Est-ce qu'on peut cumuler deux codes promo sur une même commande ?"),
    ],
    "mid": [
        ("sync", "Quand je modifie un fichier hors ligne sur mon portable et qu'un collègue modifie le même fichier sur le web, {product} crée une « copie en conflit ». Pourquoi les modifications ne sont pas fusionnées ? Et peut-on régler {product} pour qu'une des deux versions gagne toujours ?"),
        ("saas", "Notre rapport mensuel affiche {n2} tâches terminées en {month}, mais l'export CSV avec le même filtre contient nettement moins de lignes. Les tâches archivées sont-elles comptées dans le rapport mais pas dans l'export ? Quel chiffre faut-il croire ?"),
        ("saas", "L'offre {plan} permet-elle le SSO avec {idp}, ou faut-il passer à {plan2} ? Nous sommes {seats} et seul le SSO nous intéresse."),
        ("bank", "J'ai programmé un virement permanent le 31. Les mois de 30 jours, il part le 1er du mois suivant au lieu du 30. C'est normal ? Du coup mon loyer arrive en retard."),
        ("crm", "Nous avons importé {n2} contacts et le dédoublonnage a fusionné des personnes qui partagent une adresse générique du type contact@. Sur quels critères {product} détecte-t-il un doublon ? Peut-on le faire porter sur e-mail + société ?"),
        ("any", "D'après votre documentation, la limite de l'API est de {n2} requêtes par minute. C'est par clé API ou par espace de travail ? Nous avons deux intégrations avec des clés différentes et elles ont l'air de se freiner mutuellement."),
        ("sync", "Si je partage un dossier avec un client via un lien public et que je déplace ensuite ce dossier dans un autre, le lien fonctionne toujours ? Les droits du lien sont-ils hérités du nouveau dossier parent ?"),
        ("saas", "Quand je filtre le tableau de bord sur « 30 derniers jours », je n'obtiens pas les mêmes chiffres qu'en choisissant les dates à la main. Est-ce que « 30 derniers jours » inclut aujourd'hui ? C'est glissant ?"),
        ("store", "Nous voulons commander pour le bureau avec paiement à 30 jours sur facture. C'est possible avec un compte pro ? Et plusieurs collègues peuvent-ils commander sur le même compte avec un budget commun ?"),
        ("game", "La récompense de connexion quotidienne se réinitialise à minuit heure locale ou heure du serveur ? Je perds ma série alors que je me connecte tous les soirs depuis {city}."),
        ("db", "Nous envisageons de passer de l'offre {plan} à {plan2}. Est-ce qu'un réplica en lecture aiderait pour les requêtes de reporting qui ralentissent l'application, ou vaut-il mieux lancer les rapports la nuit ? Notre charge en journée, c'est surtout de la lecture."),
        ("vpn", "Pourquoi ma connexion est-elle beaucoup plus lente sur les serveurs de Paris que sur d'autres, alors que ce sont les plus proches ? Le protocole (WireGuard ou OpenVPN) joue-t-il un rôle ?"),
        ("saas", "Depuis la mise à jour {ver}, les exports vers notre logiciel de comptabilité arrondissent la TVA ligne par ligne et non plus sur le total, donc on a des écarts de quelques centimes. C'est un changement voulu ? Y a-t-il un paramètre pour revenir à l'ancien calcul ?"),
        ("bank", "Avec mon compte joint, si je fixe un plafond sur ma carte dans l'application, est-ce que ça limite aussi la carte de mon conjoint ? Et les notifications arrivent chez nous deux ?"),
        ("mail", "Si un contact se désinscrit d'une de nos listes dans {product}, est-il retiré de toutes les listes ou seulement de celle-là ? Et les scénarios automatiques dans lesquels il est déjà continuent-ils de lui envoyer des e-mails ?"),
    ],
    "reasoning": [
        ("saas", """Les gros exports de {product} Data Center font planter le worker d'export avec un OutOfMemoryError. Les petits exports passent sans problème.

{art_java_oom}

Serveur : Java {java_ver}, -Xmx{xmx}, 16 Go de RAM sur la VM. L'export fait {bigrows} lignes avec les métadonnées des pièces jointes.

Ce qu'on a déjà fait :
1. Augmenté -Xmx petit à petit jusqu'à {xmx} : l'export va juste un peu plus loin avant de planter
2. Forcé G1GC et activé les heap dumps : le dump est à 90 % des StringBuilder/char[] venant de CsvWriter
3. Essayé de découper l'export par période dans l'interface, mais on ne peut lancer qu'un export à la fois et chacun prend des heures

On dirait que le CsvWriter construit tout le fichier en mémoire avant de l'écrire. Existe-t-il un mode d'export en streaming ou un endpoint d'API paginé ? Est-ce corrigé dans une version plus récente que la {ver_new} ?"""),
        ("saas", """Le SSO avec {idp} ne fonctionne plus pour une partie de nos utilisateurs depuis la migration vers un nouveau tenant le {date}. À peu près la moitié arrive à se connecter, les autres tombent sur une page d'erreur.

Extrait de votre journal d'audit :
{art_saml_log}

Ce qu'on a fait :
1. Rechargé les nouvelles métadonnées de l'IdP dans l'admin {product} → une partie des utilisateurs remarche
2. Resynchronisé l'horloge du proxy ADFS → l'avertissement de décalage a disparu un jour puis il est revenu
3. Comparé les comptes qui marchent et ceux qui ne marchent pas : tous ceux en échec ont un favori vers l'ancienne URL de connexion et passent par une connexion initiée par l'IdP

Le problème d'Audience peut-il venir de l'entity ID spécifique au tenant ? On n'a jamais touché à ce paramètre, mais la migration l'a peut-être changé. Et comment accepter à la fois la connexion initiée par l'IdP et par le SP sans avoir l'erreur InResponseTo ?"""),
        ("saas", """{product} auto-hébergé avec docker compose. Depuis le passage de l'ancien docker-compose v1 au plugin compose et la mise à jour en {ver_new}, les tâches de fond ne tournent plus.

Logs :
{art_node_redis}

docker-compose.yml :
{art_compose}

.env :
{art_dotenv}

J'ai tout redémarré, supprimé les conteneurs, vérifié que redis tourne (docker compose ps l'indique healthy). Depuis le conteneur de l'appli, `nc -z redis 6379` répond, mais l'appli essaie toujours 127.0.0.1. Est-ce que la {ver_new} ignore désormais REDIS_URL au profit d'une nouvelle variable ? Les notes de version ne parlent que du changement de clé de licence. Et les tâches qui étaient en file avant la mise à jour, elles sont perdues ?"""),
        ("saas", """Nos appels API depuis le serveur de prod reçoivent un 403, alors que la même requête depuis mon poste passe.

{art_curl_403}

Même clé API, même requête. Ce qu'on a testé :
- régénéré une clé API → pareil
- vérifié la liste d'IP autorisées dans l'admin : l'IP sortante du serveur ({ip2}) y est bien
- le serveur sort par une passerelle NAT en {region}, j'ai vérifié avec curl ifconfig.me que l'IP publique est bien {ip2}
- depuis un autre serveur du même VPC, ça échoue aussi

« Request blocked by network policy » n'apparaît nulle part dans votre doc. Y a-t-il un deuxième niveau de filtrage (WAF, blocage géographique) devant l'API qui ne tient pas compte de la liste d'IP ? Le request ID ci-dessus vous permet-il de voir pourquoi la requête a été bloquée ?"""),
        ("crm", """J'essaie d'importer dans {product} un export de contacts de notre ancien outil avec le script Python de votre documentation, et il plante presque tout de suite :

{art_py_unicode}

Le fichier sort d'Excel sous Windows. J'ai déjà essayé :
- encoding="utf-8-sig" → même erreur au même octet
- encoding="latin-1" → l'import passe, mais « Hélène » et « François » deviennent « HÃ©lÃ¨ne » et « FranÃ§ois » dans {product}
- réenregistrer depuis Excel en « CSV UTF-8 » → le séparateur devient le point-virgule et tout atterrit dans une seule colonne

On a {n2} contacts avec des accents partout, impossible de corriger à la main. Quel encodage attend votre API d'import ? Et l'import CSV de l'interface web détecte-t-il le séparateur tout seul ? Vaut-il mieux passer par l'interface plutôt que par l'API ?"""),
        ("saas", """Nous avons désactivé une utilisatrice dans {idp} (elle a quitté l'entreprise). Le SCIM montre bien la désactivation côté {product}, mais elle a quand même eu accès après :

{art_scim_log}

La session web semble bien coupée, mais le jeton API et la session de l'appli mobile ont continué à fonctionner. On l'a découvert lors d'un audit de sécurité et on doit comprendre le comportement exact :
1. La désactivation via SCIM révoque-t-elle les jetons API personnels ?
2. Combien de temps un refresh token mobile reste-t-il valide après désactivation ?
3. Existe-t-il un paramètre admin pour révoquer toutes les sessions immédiatement, et peut-on le déclencher via le PATCH SCIM ?

On a aussi essayé après coup le bouton « Déconnecter partout » sur son profil, mais il est grisé pour les comptes désactivés."""),
        ("bank", """Les paiements sur un site marchand précis échouent systématiquement avec ma carte {product}, et le marchand dit que ça vient de chez vous. Ça fait trois soirs que j'y passe.

Leur support m'a envoyé ceci depuis leur journal de paiement :
{art_payment_log}

Sur mon téléphone : je reçois bien la notification pour valider dans l'appli {product}, je tape dessus, l'appli s'ouvre sur l'accueil et il n'y a rien à valider. Si j'ouvre l'appli d'abord et que je paie ensuite, aucune notification n'arrive. Avec une carte d'une autre banque, le même site fonctionne. D'autres sites fonctionnent avec ma carte {product}, mais ils ne demandent peut-être pas de validation.

J'ai déjà mis à jour l'appli en {app_ver}, réactivé les notifications, je me suis déconnecté/reconnecté et j'ai réenregistré l'appareil comme appareil de confiance (ce qui a pris une journée). Rien n'a changé.

Y a-t-il un problème avec la validation 3-D Secure pour certains marchands ? Est-ce lié au fait que le site soit enregistré dans un autre pays ? Et puis-je basculer sur une validation par SMS ?"""),
        ("saas", """Les mises à jour en temps réel ne marchent plus pour personne sur notre {product} auto-hébergé depuis qu'on l'a mis derrière notre nouveau reverse proxy. Les pages ne se rafraîchissent plus que toutes les 30 secondes.

Console du navigateur :
{art_ws_console}

Notre bloc location nginx :
{art_nginx_ws}

Je pense qu'il manque les en-têtes Upgrade/Connection, mais quand je les ajoute tout le site renvoie 400, même pour les requêtes normales, parce qu'on utilise la même map partout. J'ai aussi essayé d'envoyer /realtime vers un upstream séparé : même 400. Le websocket utilise-t-il un autre chemin que /realtime (/socket, /cable…) ? Et l'appli vérifie-t-elle l'en-tête Origin par rapport à APP_URL ? Notre nom public est différent du nom interne."""),
        ("db", """Terraform apply sur {product} échoue à mi-parcours et maintenant notre state n'est plus synchronisé.

{art_terraform}

Contexte : dans le même apply, on a changé la taille de l'instance et ajouté un réplica en lecture. La console affiche « maintenance en cours » pendant environ {minutes} minutes puis plus rien, et la taille est toujours l'ancienne.

Essayé :
- terraform refresh puis apply → même 409
- appliquer seulement le changement de taille avec -target → 409
- attendre une nuit → la console n'affiche plus de maintenance, mais l'apply renvoie toujours 409

Y a-t-il une opération bloquée sur l'instance qu'on ne voit pas ? Comment la débloquer ? Et est-ce qu'on peut faire le resize et l'ajout du réplica dans le même apply, ou faut-il toujours les séparer ?"""),
        ("saas", """Notre script d'export Python ne peut plus joindre l'API depuis ce matin :

{art_py_ssl}

Il tourne sur une VM Debian derrière le proxy de l'entreprise. Depuis un poste Windows sur le même réseau, le navigateur affiche bien la page de l'API sans erreur de certificat.

Étapes déjà faites :
1. pip install --upgrade certifi → pas de changement
2. export REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt après avoir ajouté le certificat racine du proxy avec update-ca-certificates → l'erreur change : « certificate verify failed: self-signed certificate in certificate chain »
3. verify=False pour tester → ça marche, mais évidemment on ne peut pas garder ça

Avez-vous changé d'autorité de certification ou de chaîne intermédiaire récemment ? Notre équipe réseau veut savoir si le proxy doit laisser passer {api_host} sans inspection TLS."""),
        ("store", """Nous vendons sur {product} et depuis le {date}, certaines commandes payées n'apparaissent pas dans notre back-office, ou seulement plusieurs heures après.

Dans l'ordre, voilà ce qu'on constate :
1. Le client paie, le prestataire de paiement indique la transaction comme capturée et envoie l'e-mail de confirmation.
2. La commande n'apparaît pas dans la liste. Parfois elle arrive {hours} heures plus tard, parfois jamais.
3. Comme la commande n'existe pas, le stock n'est pas décrémenté : on a survendu le même article {n} fois cette semaine.
4. Notre logiciel d'entrepôt récupère les commandes via votre API toutes les 10 minutes, donc ces commandes ne sont jamais expédiées non plus.

Ce qu'on a vérifié : le journal des webhooks du prestataire de paiement indique des réponses 200 de votre côté. On n'a pas modifié le thème. On a désactivé les deux applis installées récemment (avis clients et convertisseur de devises) : aucune différence. Ça semble arriver plus souvent avec les paiements par portefeuille (Apple Pay, Google Pay) qu'avec les cartes, mais je n'en suis pas certain.

Y a-t-il une file d'attente chez vous entre la confirmation de paiement et la création de la commande qui pourrait être engorgée ? Pouvez-vous vérifier les commandes manquantes des 7 derniers jours ? Et comment rapprocher les paiements qui ne sont jamais devenus des commandes, il existe un export pour ça ?"""),
        ("saas", """Depuis la mise à jour de {sdk} en {ver_new}, chaque appel à list_invoices() plante :

{art_py_attr}

Aucun souci en {ver_old}. Le format de pagination a changé ? On ne touche pas à `meta` nous-mêmes, c'est dans votre client."""),
        ("saas", """POST /v2/exports renvoie une 503 pour environ une requête sur cinq depuis le {date}, toujours au bout de 30 secondes pile. Request ID d'un des échecs : {reqid}. Un retry avec backoff passe en général au 2e essai, mais pas toujours. Incident en cours, ou timeout de 30 s sur votre passerelle ?"""),
    ],
}

CONTENT["fr"]["mid"] += [
    ("bank", "Si je bloque temporairement ma carte dans l'appli, est-ce que les prélèvements et les virements programmés partent quand même ? Je l'ai bloquée pendant un voyage et j'ai peur que mon loyer ne soit pas payé."),
    ("store", "J'ai commandé deux articles et l'un d'eux n'est disponible que dans trois semaines. Est-ce que la commande sera expédiée en deux fois, et est-ce que je paie deux fois les frais de port ? Rien n'était indiqué au moment du paiement."),
    ("sync", "Que devient l'historique des versions quand on renomme un fichier ? On dirait qu'il repart de zéro sous le nouveau nom, alors qu'on a besoin des anciennes versions pour un audit."),
    ("saas", "Est-ce qu'archiver un projet arrête ses automatisations et ses tâches récurrentes ? On a archivé plusieurs projets clients terminés et certains collègues reçoivent encore des rappels."),
    ("crm", "Que deviennent les contacts et les tâches ouvertes d'un commercial quand on désactive son compte ? Il reste propriétaire ou c'est réattribué ? On doit bientôt supprimer {n} utilisateurs."),
    ("game", "Si j'achète le passe de saison en cours de saison, est-ce que je récupère les récompenses des paliers déjà atteints, ou seulement à partir de maintenant ?"),
    ("db", "Est-ce que le redimensionnement de notre instance {product} entraîne une coupure ? La doc parle d'« interruption minimale », mais concrètement, qu'est-ce qui arrive aux connexions ouvertes et aux transactions en cours ?"),
    ("vpn", "Est-ce que {product} tient quand mon portable passe du Wi-Fi à l'Ethernet, ou est-ce que le tunnel tombe ? Au bureau je branche et débranche souvent la station d'accueil, et j'ai l'impression qu'il se reconnecte à chaque fois sur un autre serveur."),
]

CONTENT["fr"]["reasoning"] += [
    ("saas", """{?Le job du connecteur {product} vers Oracle échoue à chaque exécution depuis le {date}.|Depuis le {date}, chaque passage du connecteur Oracle de {product} se termine par cette erreur :}

{art_java_ora}

Configuration (mots de passe retirés) :
{art_connector_yaml}

Le plus étrange : la table existe bel et bien. Connecté en ETL_READER dans SQL Developer, je peux faire SELECT * FROM {schema}.INVOICE_LINES sans problème. INVOICES et CUSTOMERS se synchronisent normalement, seule INVOICE_LINES échoue.

Ce que j'ai vérifié :
- les droits : ETL_READER a bien SELECT sur les trois tables (d'après ALL_TAB_PRIVS)
- le {date}, INVOICE_LINES a été recréée par un script de migration, le grant a peut-être été donné via un rôle et non plus directement à l'utilisateur
- redémarrage du connecteur et remise à zéro de son état : même erreur

Le connecteur a-t-il besoin d'un grant direct, ou les rôles suffisent-ils ? Et met-il en cache des métadonnées de tables qu'il faudrait réinitialiser après la recréation d'une table ?"""),
    ("saas", """Depuis qu'on a passé notre service de relais de webhooks de Node 16 à {node_ver}, environ {pct} % des appels à l'API {product} échouent avec ECONNRESET. Rien d'autre n'a changé que la version de Node et l'image Docker de base.

{art_node_reset}

Ça n'arrive que quand le service est resté inactif quelques secondes : la première requête après une pause d'environ 5 s échoue, la suivante passe. J'ai déjà essayé :
- keepAlive: true sur le https.Agent (pire)
- keepAlive: false (ça corrige, mais +150 ms de latence par appel)
- des retries avec backoff exponentiel (ça marche, mais ça masque le problème et on a parfois des événements en double)

Votre load balancer ferme-t-il les connexions keep-alive inactives après un certain délai ? Si oui, lequel, pour qu'on règle notre freeSocketTimeout en dessous ? Et les POST /v2/events sont-ils idempotents si on les rejoue ?"""),
    ("saas", """Impossible de valider la signature de vos webhooks, ça échoue à chaque fois alors que le secret est bon (copié deux fois depuis le tableau de bord).

Mon handler :
{art_flask_hmac}

Sortie du log :
{art_hmac_log}

L'en-tête commence par « sha256= », mais même en retirant ce préfixe ça ne correspond pas. J'ai aussi essayé :
- le secret décodé en hexadécimal au lieu de la chaîne brute
- SHA-1 au cas où la doc serait obsolète
- une rotation du secret puis un événement de test

Faut-il calculer le HMAC sur le corps brut de la requête plutôt que sur le JSON parsé ? Si oui, est-ce que get_json() de Flask modifie les octets (ordre des clés, espaces, échappement unicode) ? Y a-t-il une implémentation de référence en Python quelque part ?"""),
    ("game", """{product} plante à chaque fois que j'ouvre l'inventaire depuis la mise à jour {app_ver}. Avant, aucun souci.

Appareil : {phone}, {android}

Je l'ai branché sur mon PC et j'ai récupéré ça dans logcat :
{art_android_npe}

Étapes pour reproduire :
1. Lancer le jeu et se connecter
2. Toucher l'icône du sac (inventaire)
3. Descendre tout en bas de la liste
4. Retour brutal à l'écran d'accueil

J'ai déjà vidé le cache, réinstallé, je me suis déconnecté et reconnecté. Une amie a le même téléphone et ça ne plante pas chez elle, mais elle a moins d'objets. Moi j'ai plein d'objets de l'événement de la saison dernière, l'un d'eux est peut-être corrompu ? Je ne veux pas les perdre, donc s'il vous plaît ne réinitialisez pas mon inventaire."""),
    ("vpn", """{product} se déconnecte environ toutes les 30 minutes sur mon MacBook ({os}) et ne se reconnecte pas tout seul, alors que la reconnexion automatique est activée. Je dois cliquer sur « Connecter » à la main. Ça a commencé il y a deux semaines environ ; avant, c'était parfaitement stable depuis un an.

Ce que j'ai déjà écarté ou essayé : je suis passé de WireGuard à OpenVPN UDP puis TCP, les coupures continuent (plutôt toutes les heures en TCP). J'ai testé sur mon Wi-Fi et sur le partage de connexion du téléphone, même chose, donc ce n'est pas la box. J'ai désactivé les options d'économie d'énergie du Wi-Fi parce que j'ai lu que macOS met la carte réseau en veille ; aucun changement. J'ai supprimé l'extension réseau dans les réglages système et laissé l'appli la réinstaller. Et, plus inquiétant, après une coupure j'ai vérifié les fuites DNS : le trafic sort hors du tunnel pendant quelques secondes avant que le kill switch ne se déclenche.

Deux questions surtout : qu'est-ce qui peut faire tomber le tunnel à intervalle à peu près fixe (rotation des clés ? timeout de session côté serveur ?), et pourquoi la reconnexion automatique ne fonctionne pas ? Et cette petite fuite avant le kill switch, c'est normal ? C'est ce point qui m'inquiète le plus."""),
    ("saas", """Notre conteneur ne démarre plus depuis la mise à jour en {ver_new} :

{art_py_env}

La variable EST bien définie dans notre secret Kubernetes, et `kubectl exec ... env` l'affiche. Le module de configuration a-t-il changé sa façon de lire les variables d'environnement (préfixe, secrets sous forme de fichiers) ? Tout marchait en {ver_old}."""),
]

CONTENT["fr"]["reasoning"] += [
    ("db", """`SSL SYSCALL error: EOF detected` toutes les {minutes} minutes environ entre nos serveurs applicatifs en {region} et {product}. Les keepalives TCP sont configurés (idle 60 s). Ça a commencé après votre maintenance du {date}. Les timeouts d'inactivité ont-ils changé ?"""),
    ("saas", """`panic: runtime error: invalid memory address or nil pointer dereference` au démarrage de {pkg}-agent {ver_new} (goroutine 1, config.go:{ln1}). La {ver_old} démarre très bien avec le même values.yaml. Régression ? On n'utilise pas le nouveau bloc « proxy », j'ai aussi essayé de le mettre vide : même panic."""),
    ("any", """L'API bulk répond `413 Request Entity Too Large` pour des lots de {n2} enregistrements, alors que la doc annonce 10 000 par requête. Le payload fait environ 9 Mo compressé. La limite porte-t-elle sur le nombre d'enregistrements ou sur la taille ? Et c'est la taille compressée qui compte ?"""),
]
CONTENT["fr"]["mid"] += [
    ("saas", "Nous évaluons {product} pour remplacer notre circuit de validation client. Le besoin : un graphiste dépose un fichier, le client reçoit un lien, valide ou demande des modifications, et la validation est enregistrée avec l'horodatage. Je vois la fonction de relecture dans l'offre {plan2} et l'accès invité dans l'offre {plan}. Un invité peut-il valider des fichiers avec {plan}, ou faut-il la relecture ? Et l'historique des validations est-il exportable pour notre audit ISO, ou seulement visible dans l'interface ?"),
]
