"""Spanish support-ticket templates for build_tickets.py: framing pools and
(product kind, template) lists per tier. Data, not logic."""

POOLS: dict = {}
CONTENT: dict = {}

# --------------------------------------------------------------------------
# Spanish
# --------------------------------------------------------------------------
POOLS["es"] = {
    "small_ctx_biz": ["Tengo una pequeña {?panadería|clínica de fisioterapia|agencia de diseño|ferretería} y uso {product} para {?las facturas|las citas|las tareas del equipo}.",
                      "La cuenta la creó mi antiguo jefe, que ya no está en la empresa.",
                      "Llevo la parte administrativa en {company}, así que estas cosas me tocan a mí.",
                      "Somos solo {n} usuarios, nada complicado."],
    "small_ctx": ["Estoy de viaje y escribo desde el móvil.",
                  "Acabo de volver de {?la baja|vacaciones} y veo que la app ha cambiado bastante.",
                  "Normalmente me ayuda mi {?hijo|nieta} con estas cosas, pero esta semana no está.",
                  "Soy cliente desde hace años y nunca había tenido que hacer esto."],
    "greet": {
        "polite": ["Hola,", "Buenos días,", "Buenas tardes,", "Estimado equipo de soporte:", "Hola equipo de {product},",
                   "Buenas,", "Hola, ¿qué tal?", "Estimados:"],
        "casual": ["Hola!", "Buenas!", "Qué tal,", "Hola gente,"],
        "angry": ["", "Buenas.", "A quien corresponda:"],
    },
    "sign": {
        "polite": ["Gracias,\n{first}", "Saludos,\n{fullname}", "Un saludo,\n{first}", "Muchas gracias de antemano.",
                   "Atentamente,\n{fullname}\n{company}", "Quedo atento/a a su respuesta.\n{fullname}",
                   "Saludos cordiales,\n{fullname}", "¡Gracias!\n{first}"],
        "casual": ["gracias!", "saludos", "mil gracias", "un abrazo, {first}"],
        "angry": ["Espero una respuesta hoy mismo.", "Esto no puede seguir así.", "Saludos.",
                  "Exijo una solución.", "{fullname}"],
    },
    "pre": ["Espero que estén bien.", "Uso {product} desde {year} y en general estoy muy contento.",
            "Perdón si es una pregunta muy básica.", "No se me dan muy bien estas cosas, así que tengan paciencia.",
            "Una pregunta rápida.", "He buscado en el centro de ayuda pero no lo encuentro.",
            "Un compañero me dijo que ustedes me podrían ayudar con esto."],
    "post": ["¡Muchas gracias por la ayuda!", "Sin prisa.", "Que tengan buen día.", "Si es más fácil, me pueden llamar.",
             "Gracias por su tiempo."],
    "angry_pre": ["No puede ser tan complicado.", "Es la segunda vez que pregunto.", "Estoy bastante molesto.",
                  "Su centro de ayuda no sirve para nada en esto.", "Llevo media hora esperando en el chat."],
    "mid_ctx": ["Somos un equipo de {seats} personas y usamos {product} desde hace unos {n} meses.",
                "Gestiono la cuenta de {product} en {company}.",
                "No es exactamente un error, más bien quiero entender cómo funciona.",
                "Tengo una duda sobre el comportamiento de {product}."],
    "r_open": [
        "Llevamos {?dos días|toda la semana|desde el {weekday}} con esto y ya no sabemos qué más probar.",
        "Perdón por el mensaje tan largo, prefiero mandar toda la información de una vez.",
    ],
    "r_open_biz": [
        "Escribo en nombre de nuestro equipo de desarrollo.",
        "Esto nos está afectando en producción.",
    ],
    "r_close": [
        "Si necesitan los logs completos o una llamada, sin problema.",
        "¿Pueden escalarlo al equipo técnico?",
        "Cualquier pista se agradece, aunque sea confirmar si es un problema conocido.",
    ],
    "r_close_biz": [
        "Esto nos bloquea el {?cierre de mes|lanzamiento del {weekday}}, así que agradecería una respuesta rápida.",
        "Puedo enviar más request IDs si hace falta.",
    ],
}

CONTENT["es"] = {
    "small": [
        ("any", "¿Cómo restablezco mi contraseña? No me acuerdo de cuál puse y no puedo entrar."),
        ("any", "Quiero cambiar el correo de mi cuenta de {product} por {email}. ¿Dónde se hace?"),
        ("any", "Me caducó la tarjeta. ¿Dónde actualizo los datos de pago para que no falle el próximo cobro?"),
        ("saas", "¿Dónde puedo descargar la factura de {month}? La necesito para {?la gestoría|mi contador|la declaración de impuestos}."),
        ("saas", "¿Cómo cancelo la suscripción? No encuentro el botón por ningún lado."),
        ("saas", "Queremos pasar del plan {plan} al {plan2}. ¿Lo podemos hacer nosotros o lo tienen que cambiar ustedes?"),
        ("store", "Devolví el pedido {order} el {date}. ¿Cuándo me llega el reembolso a la tarjeta?"),
        ("any", "¿Cuál es el horario de atención? ¿Atienden los fines de semana?"),
        ("saas", "¿Cómo añado a un nuevo usuario a nuestra cuenta de equipo?"),
        ("bank", "¿Cómo cambio el PIN de la tarjeta desde la app de {product}?"),
        ("bank", "Creo que perdí la tarjeta. ¿Cómo la bloqueo temporalmente desde la app?"),
        ("store", "¿Puedo cambiar la dirección de entrega del pedido {order}? Todavía no ha salido."),
        ("vpn", "¿En cuántos dispositivos puedo usar {product} con una sola suscripción?"),
        ("any", "¿Cómo activo la verificación en dos pasos?"),
        ("any", "¿Dónde se desactivan las notificaciones por correo? Me llegan {?demasiadas|como 30 al día}."),
        ("saas", "¿Se puede pagar anual en vez de mensual? ¿Sale más barato?"),
        ("game", "Cambié de celular. ¿Cómo paso mi progreso de {product} al nuevo?"),
        ("saas", "¿Dónde pongo el NIF de la empresa para que salga en las facturas?"),
        ("store", "¿Hacen envíos a {country}? ¿Cuánto suele tardar?"),
        ("any", "Por favor, eliminen mi cuenta y todos mis datos."),
        ("bank", "¿Cuál es el límite diario de transferencias y dónde lo cambio?"),
        ("saas", "Este mes me cobraron dos veces {amount}. ¿Me pueden devolver uno de los cargos?"),
        ("store", "¿Todavía puedo cancelar el pedido {order}? Lo hice {?hace una hora|esta mañana} por error."),
    ],
    "mid": [
        ("sync", "Cuando edito un archivo sin conexión en el portátil y a la vez un compañero lo modifica en la web, {product} crea una «copia en conflicto». ¿Por qué no fusiona los cambios? ¿Se puede configurar para que gane siempre una de las dos versiones?"),
        ("crm", "Tenemos dos embudos en {product}, uno para clientes nuevos y otro para renovaciones. Si muevo una oportunidad de uno a otro, ¿se mantiene su historial de actividades? ¿Y sigue contando para la tasa de cierre del primero? El mes pasado la tasa subió de golpe y no entendemos por qué."),
        ("saas", "¿El plan {plan} incluye SSO con {idp} o necesitamos el {plan2}? Somos {seats} personas y solo nos interesa el SSO, nada más del paquete enterprise."),
        ("bank", "Programé una transferencia periódica para el día 31. En los meses de 30 días se ejecutó el 1 del mes siguiente en lugar del 30. ¿Es así como debe funcionar? Me descuadra el pago del alquiler."),
        ("vpn", "Activé el split tunneling en {product} para que solo el navegador vaya por la VPN, pero la app del banco sigue saliendo por el túnel. ¿En {os} funciona por aplicación o solo por rangos de IP? ¿El kill switch lo anula?"),
        ("game", "Juego a {product} en la tablet y en el móvil con la misma cuenta. ¿Qué progreso prevalece cuando se sincronizan? Perdí como dos días de avance en la tablet después de jugar en el móvil."),
        ("any", "Sobre los webhooks: si nuestro endpoint está caído unos minutos, ¿reintentan? ¿Durante cuánto tiempo? ¿Y llegan en orden después del reintento? Nos llegó un evento 'updated' antes que el 'created'."),
        ("saas", "Las tareas recurrentes: si termino la de esta semana con retraso, la siguiente se programa a partir de la fecha de finalización y no según el calendario original. ¿Hay forma de que quede fija todos los {weekday}?"),
        ("db", "Los backups están configurados diarios, pero la restauración a un punto en el tiempo solo nos deja volver {n} días atrás. ¿La retención va aparte de la frecuencia? Si subimos de plan, ¿se amplía también para los backups que ya existen?"),
        ("store", "Devolví parte de un pedido y me quitaron los puntos de fidelidad de esos artículos, pero los puntos que había usado para pagar ese pedido no me los devolvieron. ¿Cómo funcionan los puntos en las devoluciones parciales?"),
        ("saas", "Si duplico un proyecto, ¿se copian también las automatizaciones y las integraciones? Después de duplicarlo, las notificaciones de Slack del proyecto nuevo se van al canal del antiguo."),
        ("crm", "La integración con Outlook registra los correos que enviamos, pero las respuestas de los contactos solo se registran a veces. ¿Hay alguna regla para asociar respuestas, por ejemplo que sea el mismo hilo?"),
        ("saas", "Desde la versión {ver} la vista de cronograma oculta las tareas sin fecha de inicio. ¿Es un cambio intencionado? Muchas de nuestras tareas solo tienen fecha de entrega."),
        ("bank", "Pagué un hotel en el extranjero en moneda local y a los dos días el importe cambió en la app al contabilizarse. ¿Qué tipo de cambio aplican, el del momento del pago o el de la liquidación? ¿Y la comisión se calcula sobre el primero o sobre el final?"),
        ("mail", "Nuestra tasa de apertura bajó casi a la mitad desde que usamos el nuevo editor de {product}. ¿El nuevo editor cambia la forma de insertar el píxel de seguimiento, o es más probable que sea un tema de entregabilidad?"),
    ],
    "reasoning": [
        ("saas", """Desde que actualizamos nuestro reenviador de webhooks de Node 16 a {node_ver}, más o menos un {pct}% de las llamadas a la API de {product} fallan con ECONNRESET. No cambiamos nada más que la versión de Node y la imagen base de Docker.

{art_node_reset}

Solo pasa cuando el servicio lleva unos segundos sin actividad: la primera petición tras una pausa de ~5 s falla y la siguiente funciona. Ya probamos:
- keepAlive: true en el https.Agent (peor)
- keepAlive: false (lo soluciona, pero la latencia sube unos 150 ms por llamada)
- reintentos con backoff exponencial (funciona, pero tapa el problema y a veces duplica eventos)

¿Su balanceador cierra las conexiones keep-alive inactivas tras algún timeout? ¿Cuál es, para poner el freeSocketTimeout por debajo? ¿Y las llamadas POST /v2/events son idempotentes si las reintentamos?"""),
        ("crm", """Nuestra integración con {product} pierde la autorización cada pocos días. La llamada de refresco devuelve:

{art_oauth_json}

Tenemos {n} instancias del backend detrás de un balanceador y cada una refresca el token cuando recibe un 401. Sospecho que dos instancias refrescan a la vez y una invalida el refresh token de la otra, pero no sé cómo funciona su rotación de tokens.

Lo que hemos probado:
1. Guardar los tokens en Redis en vez de en memoria, para compartirlos → sigue pasando, quizá menos
2. Refrescar de forma proactiva 5 minutos antes de que caduque, con un cron → funcionó una semana y volvió a fallar un fin de semana
3. Volver a autorizar la app a mano → funciona hasta el siguiente fallo

¿Los refresh tokens son de un solo uso? ¿Hay un periodo de gracia en el que el anterior sigue valiendo? ¿Y se puede ver en el registro de auditoría qué cliente invalidó el token?"""),
        ("game", """{product} se cierra cada vez que abro el inventario desde la actualización {app_ver}. Antes iba perfecto.

Dispositivo: {phone}, {android}

Lo conecté al ordenador y saqué esto del logcat:
{art_android_npe}

Pasos para reproducirlo:
1. Abrir el juego e iniciar sesión
2. Tocar el icono de la mochila (inventario)
3. Bajar hasta el final de la lista
4. Se cierra y vuelve a la pantalla de inicio

Ya probé a borrar la caché, reinstalar y cerrar sesión. Una amiga tiene el mismo móvil y no le pasa, pero tiene menos objetos. Yo tengo muchos objetos del evento de la temporada pasada, ¿puede que alguno esté roto? No quiero perderlos, así que por favor no me reseteen el inventario."""),
        ("vpn", """{product} conecta sin problema en casa, pero en la red de la oficina no hay manera.

Log del cliente en la oficina:
{art_wg_log}

Lo que ya he probado:
- cambiar a mano el protocolo a OpenVPN UDP y TCP: los dos dan timeout
- otros servidores ({vpnnode} y un par más): igual
- bajar la MTU a 1280 en la configuración avanzada
- compartir datos desde el móvil estando en la oficina: conecta al instante

Los de sistemas dicen que no bloquean VPNs, pero tienen un firewall con "control de aplicaciones". ¿Qué puertos y dominios necesita el cliente además de 51820/UDP y 443/TCP? ¿La app llama a alguna API antes de conectar (claves, lista de servidores) que pueda estar bloqueada? Quiero pasarles una lista exacta."""),
        ("crm", """La sincronización completa nocturna de {product} a nuestro data warehouse lleva una semana fallando. Extracto del log:

{art_ratelimit_log}

Usamos {n} workers y hasta hace poco el job terminaba en unos 40 minutos. No hemos aumentado los workers. Lo único que cambió es que marketing conectó una segunda integración (una herramienta de dashboards) con otra API key.

Probé:
- respetar el Retry-After (lo hacemos, como se ve, pero vuelve a salir)
- bajar a 2 workers → ya no da 429 pero tarda más de {hours} horas
- usar el endpoint de exportación masiva → devuelve 403 "feature not available on plan"

Entonces: ¿el límite se comparte entre todas las API keys de la cuenta? ¿El Retry-After aumenta si seguimos reintentando? ¿Y qué plan incluye la exportación masiva? No lo veo en la página de precios."""),
        ("store", """Usamos {product} con nuestro propio servicio de inventario y desde la semana pasada tenemos deadlocks en Postgres casi todas las noches en hora punta. El cliente ve un error genérico en el checkout.

Log de Postgres:
{art_pg_deadlock}

Nuestro servicio reserva stock al añadir al carrito y lo descuenta cuando llega el webhook del pedido de {product}. Las dos rutas hacen UPDATE sobre stock_levels, en el orden en que aparecen los artículos en el carrito.

Ya intentamos:
1. Reintentar la transacción ante deadlock (SQLSTATE 40P01) → bajan los fallos, pero seguimos viendo 2-3 por noche
2. SELECT ... FOR UPDATE antes del UPDATE → empeoró
3. Procesar los webhooks de uno en uno → se arregla, pero se acumulan y los pedidos se confirman con minutos de retraso

¿{product} envía webhooks del mismo pedido en paralelo (order.created y order.paid a la vez)? ¿El orden de las líneas del pedido en el webhook está garantizado o puede ser distinto al del carrito?"""),
        ("mail", """El formulario de suscripción de {product} que tenemos incrustado en la web dejó de enviar. No entra nada en la lista y en la consola aparece:

{art_cors_console}

Código que tenemos en la página:
{art_embed_snippet}

El {weekday} pasado movimos la web al dominio con www ({custdom}). Añadí www.{custdom} en "Dominios permitidos" en la configuración del formulario y vacié la caché del CDN. Sigue bloqueado. También lo probé en incógnito y desde el móvil. ¿Tarda en aplicarse el cambio de dominios permitidos? ¿El data-region tiene que coincidir con la región de la cuenta? La nuestra está en {region}."""),
        ("saas", """Tenemos un endpoint que recibe los webhooks de {product} y desde el {date} falla con una parte de los eventos:

{art_py_keyerror_webhook}

Solo pasa con eventos de facturas creadas desde el portal de cliente; las que crea nuestro equipo van bien. Revisé el payload de uno de los eventos fallidos y "customer" no viene dentro de "data", sino que hay un "customer_id" al nivel superior.

Pasos que hicimos:
1. Revisar la versión de la API configurada en el webhook: pone {ver_old}, pero en el panel aparece un aviso de que la {ver_new} será la predeterminada
2. Reenviar los eventos fallidos desde el panel: vuelven a fallar igual
3. Crear un endpoint de prueba con la versión {ver_new}: ahí todos los eventos tienen el formato nuevo

¿Es posible que parte de los eventos ya se estén enviando con el formato nuevo aunque el endpoint esté fijado en la versión antigua? ¿Cómo migramos sin perder eventos durante el cambio? ¿Los reintentos (ahora van por el 3) usan el formato original del evento?"""),
        ("bank", """Quiero reclamar una transferencia que no le ha llegado al destinatario y nadie me da una respuesta clara.

El {date} envié {amount2} a un proveedor como transferencia inmediata desde la app de {product}. En la app salió "Completada" en segundos y el dinero se descontó. El banco del proveedor dice que no ha recibido nada. Dos días después, en el extracto, la misma operación aparece como "Pendiente" y con una referencia distinta a la de la app ({refcode}).

Lo que he hecho hasta ahora: llamé al teléfono de atención y me dijeron que esperara 3 días hábiles. Esperé 5. El proveedor llamó a su banco y le piden la referencia end-to-end del banco emisor para poder investigar, pero no sé si es la de la app o la del extracto. Intenté descargar el justificante desde la app y el botón está desactivado para esa operación.

Mis preguntas: ¿qué estado es el correcto, el de la app o el del extracto? ¿Salió realmente como inmediata o pasó a ser una transferencia normal? ¿Pueden abrir una solicitud de rastreo o devolución con el banco receptor? ¿Y qué referencia le doy a mi proveedor? Me está reclamando el pago con recargo."""),
        ("crm", """Se nos están duplicando contactos en {product} y creo que es un bucle entre tres sistemas, pero no consigo ver dónde empieza.

El montaje: el formulario de contacto de la web escribe en {product} con el plugin oficial. {product} sincroniza los contactos con nuestra herramienta de email marketing (sincronización bidireccional). Además, el equipo comercial importa cada pocas semanas los leads de ferias desde hojas de cálculo.

Lo que pasa:
1. Alguien rellena el formulario y se crea el contacto en {product}. Bien.
2. A los pocos minutos aparece un segundo contacto con el mismo email, propietario "Usuario de integración" y la etapa reseteada a "Suscriptor".
3. Si un comercial fusiona los dos, tras la siguiente sincronización aparece un tercero.

Probamos a desactivar la sincronización bidireccional un día: cero duplicados ese día. La reactivamos con "coincidir por email" en vez de "por ID" y volvieron los duplicados, pero solo con emails que tienen mayúsculas. La versión del plugin del formulario es la {ver}.

¿La sincronización compara los emails distinguiendo mayúsculas? Si es así, ¿hay forma de normalizar los registros existentes? Y una vez arreglado, ¿cómo fusionamos unos {n2} duplicados sin perder el historial de actividad de ninguno de los dos lados?"""),
        ("saas", """Todas las noches sobre las 02:00 nuestro proceso de subida falla con `java.net.SocketTimeoutException: Read timed out at com.{pkg}.sync.HttpTransport.execute(HttpTransport.java:{ln1})`. De día, con los mismos datos, funciona. ¿Tienen mantenimiento o backups a esa hora? Ya subimos el timeout a 120 s y nada."""),
        ("saas", """El contenedor no arranca después de actualizar a {ver_new}:

{art_py_env}

La variable SÍ está en el secret de Kubernetes y `kubectl exec ... env` la muestra. ¿Cambió la forma de leer las variables de entorno (prefijo, secretos en fichero)? Con {ver_old} funcionaba."""),
        ("db", """Tras migrar de nuestro Postgres {pg_ver} autogestionado a {product}, una de las consultas principales de reporting pasó de ~300 ms a más de {?20|30|40} segundos.

{art_explain}

En el servidor antiguo el planificador usaba el índice de orders(created_at). En {product} hace un seq scan. Lo que hice:
- ANALYZE orders; ANALYZE customers; → nada
- comprobar que el índice existe: sí, orders_created_at_idx está y es válido
- SET enable_seqscan = off en una sesión → usa el índice y vuelve a ir rápido, pero eso no es una solución
- comparar random_page_cost: 1.1 en nuestro servidor, 4 en {product}

¿Podemos cambiar random_page_cost en nuestro plan o está bloqueado? ¿El almacenamiento de {product} es en red (lo que explicaría el valor por defecto)? ¿Recomiendan un índice parcial o particionar para este patrón de "últimos 30 días"?"""),
    ],
}

CONTENT["es"]["mid"] += [
    ("bank", "Si congelo la tarjeta desde la app, ¿se siguen cobrando los recibos domiciliados y las suscripciones? La bloqueé durante un viaje y ahora no sé si se va a pagar el alquiler."),
    ("store", "Pedí dos artículos y uno no tiene stock hasta dentro de tres semanas. ¿Me lo envían por separado? ¿Pago dos veces los gastos de envío? En el pago no decía nada."),
    ("crm", "¿Qué pasa con los contactos y las tareas abiertas de un comercial cuando desactivamos su usuario? ¿Sigue figurando como propietario o se reparten? Vamos a dar de baja a {n} usuarios pronto."),
    ("sync", "¿Qué pasa con el historial de versiones cuando se renombra un archivo? Parece que con el nombre nuevo empieza de cero, y necesitamos las versiones antiguas para una auditoría."),
    ("vpn", "¿Por qué {product} elige un servidor distinto cada vez que me conecto con la opción «Servidor más rápido»? A veces es de otro país y algunas webs dejan de funcionar. ¿Cómo decide cuál es el más rápido?"),
    ("game", "Si compro el pase de temporada a mitad de temporada, ¿recibo las recompensas de los niveles que ya he pasado o solo a partir de ahora?"),
    ("saas", "¿Archivar un proyecto detiene sus automatizaciones y tareas recurrentes? Archivamos varios proyectos de clientes ya cerrados y la gente sigue recibiendo recordatorios de ellos."),
    ("db", "¿Escalar la instancia de {product} hacia arriba o hacia abajo provoca una caída? La documentación habla de «interrupción mínima», pero ¿qué significa eso en la práctica para las conexiones abiertas y las transacciones en curso?"),
]

CONTENT["es"]["reasoning"] += [
    ("saas", """{?Tenemos {product} autoalojado detrás de nginx en una sola VM.|Usamos {product} en nuestro propio servidor, con nginx delante.} Desde que actualizamos de {ver_old} a {ver_new} el {weekday} pasado, los usuarios reciben 502 Bad Gateway de forma aleatoria, sobre todo al abrir proyectos grandes o cuando corre la sincronización.

Log de errores de nginx:
{art_nginx_502}

Parte relevante de la configuración:
{art_nginx_conf}

Lo que hemos hecho:
1. Subir proxy_read_timeout a 300s → nada, los 502 salen a los pocos segundos, no por timeout
2. Mirar el contenedor de la app: se reinicia cada {minutes} minutos más o menos (exit code 137), coincide con las líneas de "connection refused"
3. Darle {gb} GB más de RAM a la VM → se reinicia menos, pero sigue pasando

¿La {ver_new} cambió la configuración de memoria por defecto o el número de workers? ¿Hay algún ajuste recomendado para proyectos de más de {n3} elementos? Podríamos volver atrás, pero la migración de base de datos ya se ejecutó."""),
    ("saas", """Nuestra integración en Java dejó de funcionar esta mañana. Todas las llamadas a {api_host} fallan con:

{art_java_pkix}

Usamos Java {java_ver} detrás de un proxy corporativo que hace inspección TLS. {?Por nuestra parte no ha cambiado nada, pero vi que su certificado se renovó ayer y parece emitido por otra CA.|No hemos desplegado nada; lo único que he visto es que ayer renovaron su certificado y ahora lo firma otra entidad.}

Lo que probé:
1. Importar su certificado nuevo en el cacerts de la JVM con keytool → mismo error
2. Importar también la CA raíz de nuestro proxy → igual
3. Usar un truststore propio con los dos vía -Djavax.net.ssl.trustStore → ahora falla con "Received fatal alert: handshake_failure"
4. curl desde el mismo servidor funciona (pero usa el almacén del sistema, no el de Java)

¿Cambiaron la cadena de certificados (intermedio) o los cipher suites permitidos? Nuestro equipo de seguridad necesita saber exactamente qué tiene que permitir en el proxy antes de tocar nada."""),
    ("saas", """El agente de {product} que corre en nuestro Kubernetes está en CrashLoopBackOff desde que actualizamos el Helm chart a {ver_new}.

{art_k8s_pods}

Recursos del contenedor:
{art_k8s_yaml}

Ya duplicamos el límite de memoria una vez y solo tarda más en morir por OOMKilled. Justo antes de caerse, el log siempre muestra "loading full index ({n2} objects)". Con la {ver_old} funcionó meses con los mismos límites.

1. ¿La {ver_new} carga el índice completo en memoria al arrancar en lugar de paginarlo como antes?
2. ¿Hay alguna variable de entorno para forzar el modo incremental antiguo?
3. ¿Bajar AGENT_CONCURRENCY ayudaría, o el consumo de memoria no depende de eso?"""),
    ("saas", """Necesito ayuda para entender por qué las nóminas no cuadran con las horas registradas en {product}. Ya he revisado tres sistemas y no encuentro el origen.

Cómo lo tenemos montado: los empleados fichan entrada y salida en la app de {product}. A final de mes exportamos los partes de horas a nuestra gestoría con la integración que ofrecen ustedes, y la gestoría calcula las horas extra y los pluses de nocturnidad.

Qué ha pasado: en {?marzo|octubre}, {n} personas del turno de noche cobraron una hora menos de la que aparece en {product}. Siempre es exactamente una hora y siempre en el turno de la noche del cambio de hora. En la vista de horas de {product} el turno marca 9 horas; en el fichero exportado, 8. El turno de día está bien.

Lo que he comprobado: la zona horaria del espacio de trabajo es correcta, los móviles tienen la hora automática, el propio CSV ya trae las 8 horas (así que no es cosa de la gestoría), y editar el turno a mano y volver a guardarlo no cambia lo que se exporta.

¿La exportación calcula la duración a partir de la hora local en vez del tiempo real transcurrido? ¿Hay algún ajuste para corregirlo o tenemos que arreglar esos turnos a mano antes de cada exportación? ¿Y en el próximo cambio de hora pasará lo contrario, pagaremos una hora de más?"""),
    ("saas", """El SSO con {idp} dejó de funcionar para parte de la plantilla después de migrar a un tenant nuevo el {date}. Más o menos la mitad entra sin problema; el resto acaba en una página de error.

De su registro de auditoría:
{art_saml_log}

Lo que hemos hecho:
1. Volver a subir los metadatos del IdP nuevo en la administración de {product} → algunos usuarios vuelven a entrar
2. Sincronizar la hora del proxy ADFS → el aviso de desfase desapareció un día y luego volvió
3. Comparar usuarios que funcionan y que no: todos los que fallan tienen marcadores a la URL de login antigua e inician sesión desde el IdP

¿El error de Audience puede venir del entity ID específico del tenant? Nunca tocamos ese ajuste, pero quizá la migración lo cambió. ¿Y cómo admitimos a la vez el login iniciado por el IdP y por el SP sin el error de InResponseTo?"""),
    ("saas", """Tras actualizar {sdk} a {ver_new}, todas las llamadas a list_invoices() fallan:

{art_py_attr}

Con {ver_old} va bien. ¿Cambió el formato de la paginación? Nuestro código no toca `meta`, eso lo hace su cliente."""),
]

CONTENT["es"]["reasoning"] += [
    ("saas", """Desde que actualizamos el conector a {ver_new} nos da ORA-01017: invalid username/password; logon denied, aunque las mismas credenciales funcionan en SQL*Plus. Volví a meter la contraseña, reinicié el agente y regeneré la entrada del vault. ¿Se guarda la contraseña en caché en algún sitio?"""),
    ("any", """La API bulk devuelve `413 Request Entity Too Large` con lotes de {n2} registros, y la documentación dice que se admiten 10.000 por petición. El payload pesa unos 9 MB comprimido. ¿El límite es por registros o por bytes? ¿Cuenta el tamaño comprimido?"""),
    ("saas", """El dominio propio da ERR_SSL_PROTOCOL_ERROR desde que apuntamos el DNS a ustedes el {date}; la URL .{dom} funciona. El CNAME sale verificado en el panel, esperamos 48 h y borramos HSTS en Chrome. ¿Se ha quedado el certificado en "pendiente"?"""),
]
CONTENT["es"]["mid"] += [
    ("bank", "Intento entender cómo se calculan los intereses del descubierto. El mes pasado estuve en números rojos {n} días, como mucho unos {amount}, pero lo que me han cobrado parece más de lo que indica el tipo que aparece en la app. ¿Los intereses se calculan cada día sobre el saldo al cierre o sobre el saldo más bajo del día? ¿Y los pagos con tarjeta pendientes cuentan para el descubierto antes de contabilizarse?"),
]
