"""Pasted artifacts for build_tickets.py: stack traces, logs, configs (language-neutral).
Each entry: (fence language tag, template)."""

ART = {
    "py_pool": ("python", """
Traceback (most recent call last):
  File "/srv/app/workers/{svc}_job.py", line {ln1}, in run
    rows = session.execute(stmt).fetchall()
  File "/srv/app/.venv/lib/python{pyshort}/site-packages/sqlalchemy/orm/session.py", line {ln2}, in execute
    return self._execute_internal(
  File "/srv/app/.venv/lib/python{pyshort}/site-packages/sqlalchemy/engine/base.py", line {ln3}, in _connection_for_bind
    conn = engine.connect()
  File "/srv/app/.venv/lib/python{pyshort}/site-packages/sqlalchemy/pool/impl.py", line {ln4}, in _do_get
    raise exc.TimeoutError(
sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30.00
"""),
    "py_pg_slots": ("", """
{ts1} ERROR [{svc}-worker] psycopg2.OperationalError: connection to server at "{db_name}.{region}.{dom}" ({ip}), port 5432 failed: FATAL:  remaining connection slots are reserved for non-replication superuser connections
{ts2} WARN  [{svc}-worker] retrying in 2s (attempt 2/5)
{ts3} ERROR [{svc}-worker] psycopg2.OperationalError: connection to server at "{db_name}.{region}.{dom}" ({ip}), port 5432 failed: FATAL:  sorry, too many clients already
{ts4} ERROR [{svc}-worker] job {jobid} aborted
"""),
    "py_ssl": ("python", """
Traceback (most recent call last):
  File "/opt/{svc}/export.py", line {ln1}, in <module>
    resp = session.get(f"{base}/v2/reports/export", params=params, timeout=60)
  File "/usr/local/lib/python{pyshort}/site-packages/requests/sessions.py", line 602, in get
    return self.request("GET", url, **kwargs)
  File "/usr/local/lib/python{pyshort}/site-packages/requests/adapters.py", line 517, in send
    raise SSLError(e, request=request)
requests.exceptions.SSLError: HTTPSConnectionPool(host='{api_host}', port=443): Max retries exceeded with url: /v2/reports/export (Caused by SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)')))
"""),
    "py_unicode": ("python", """
Traceback (most recent call last):
  File "import_{pkg}.py", line {ln1}, in <module>
    for row in reader:
  File "/usr/lib/python{pyshort}/csv.py", line 111, in __next__
    row = next(self.reader)
  File "<frozen codecs>", line 322, in decode
UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe9 in position {n3}: invalid continuation byte
"""),
    "py_keyerror_webhook": ("python", """
{ts1} ERROR webhook_handler: failed to process event evt_{hexs}
Traceback (most recent call last):
  File "/app/handlers/{pkg}_events.py", line {ln1}, in handle_event
    customer_id = payload["data"]["customer"]["id"]
KeyError: 'customer'
{ts2} WARN  webhook_handler: responded 500 to {pkg} (attempt 3)
"""),
    "py_attr": ("python", """
  File "/home/deploy/.local/lib/python{pyshort}/site-packages/{pkg}/client.py", line {ln1}, in list_invoices
    next_cursor = resp.json().get("meta").get("next_cursor")
AttributeError: 'NoneType' object has no attribute 'get'
"""),
    "py_env": ("python", """
Traceback (most recent call last):
  File "/app/main.py", line 8, in <module>
    from settings import config
  File "/app/settings.py", line {ln1}, in <module>
    API_KEY = os.environ["{envprefix}_API_KEY"]
  File "<frozen os>", line 679, in __getitem__
KeyError: '{envprefix}_API_KEY'
"""),
    "flask_hmac": ("python", """
@app.post("/hooks/{pkg}")
def on_event():
    payload = request.get_json()
    body = json.dumps(payload).encode("utf-8")
    expected = hmac.new(WEBHOOK_SECRET.encode(), body, hashlib.sha256).hexdigest()
    received = request.headers.get("X-{?Signature|Webhook-Signature|Hub-Signature-256}", "")
    if not hmac.compare_digest(expected, received):
        app.logger.warning("bad signature %s != %s", expected[:8], received[:8])
        abort(401)
    process(payload)
    return "", 204
"""),
    "hmac_log": ("", """
{ts1} WARNING bad signature 3f9a1c0e != sha256=7
{ts2} WARNING bad signature c41d77b2 != sha256=e
{ts3} INFO    127.0.0.1 - "POST /hooks/{pkg} HTTP/1.1" 401 -
"""),
    "node_reset": ("", """
{ts1} ERROR [{svc}] POST https://{api_host}/v2/events failed after 3 attempts
Error: read ECONNRESET
    at TLSWrap.onStreamRead (node:internal/stream_base_commons:217:20)
    at TLSWrap.callbackTrampoline (node:internal/async_hooks:130:17) {
  errno: -104,
  code: 'ECONNRESET',
  syscall: 'read'
}
"""),
    "node_typeerror": ("", """
TypeError: Cannot read properties of undefined (reading 'id')
    at mapInvoice (/app/src/sync/invoices.js:{ln1}:{col})
    at Array.map (<anonymous>)
    at syncInvoices (/app/src/sync/invoices.js:{ln2}:{col2})
    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)
    at async Job.run (/app/src/jobs/index.js:{ln3}:5)
"""),
    "node_invoice_code": ("js", """
const client = new Client({ apiKey: process.env.API_KEY });
const res = await client.invoices.list({ limit: 100, status: 'open' });
const rows = res.data.map(mapInvoice);

function mapInvoice(inv) {
  return { id: inv.id, customer: inv.customer.id, total: inv.amount_due / 100 };
}
"""),
    "node_redis": ("", """
{ts1} info: {pkg}-server {ver_new} starting (NODE_ENV=production)
{ts2} info: connected to postgres at db:5432
{ts3} error: Redis connection error: Error: connect ECONNREFUSED 127.0.0.1:6379
    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)
{ts4} error: Redis connection error: Error: connect ECONNREFUSED 127.0.0.1:6379
{ts5} warn: job queue unavailable, background sync disabled
"""),
    "compose": ("yaml", """
services:
  app:
    image: {pkg}/server:{ver_new}
    env_file: .env
    ports:
      - "{port}:{port}"
    depends_on:
      - db
      - redis
  db:
    image: postgres:{?15|16}
    volumes:
      - pgdata:/var/lib/postgresql/data
  redis:
    image: redis:7-alpine
volumes:
  pgdata:
"""),
    "dotenv": ("", """
DATABASE_URL=postgres://app:********@db:5432/{db_name}
REDIS_URL=redis://localhost:6379/0
APP_URL=https://{selfhost}
{envprefix}_LICENSE_KEY=****-****-****-{last4}
"""),
    "nginx_502": ("", """
{ngx1} [error] {pid}#{pid}: *{cid} upstream prematurely closed connection while reading response header from upstream, client: {ip}, server: {selfhost}, request: "GET /api/v1/projects?page=2 HTTP/1.1", upstream: "http://127.0.0.1:{port}/api/v1/projects?page=2", host: "{selfhost}"
{ngx2} [error] {pid}#{pid}: *{cid} connect() failed (111: Connection refused) while connecting to upstream, client: {ip}, server: {selfhost}, request: "POST /api/v1/sync HTTP/1.1", upstream: "http://127.0.0.1:{port}/api/v1/sync", host: "{selfhost}"
{ngx3} [warn] {pid}#{pid}: *{cid} an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/3/01/0000000013 while reading upstream
"""),
    "nginx_conf": ("nginx", """
server {
    listen 443 ssl http2;
    server_name {selfhost};

    client_max_body_size {?10m|25m|50m};

    location / {
        proxy_pass http://127.0.0.1:{port};
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_read_timeout {?60s|120s|300s};
    }
}
"""),
    "nginx_ws": ("nginx", """
location /realtime {
    proxy_pass http://app_backend;
    proxy_http_version 1.1;
    proxy_set_header Host $host;
    proxy_read_timeout 3600;
}
"""),
    "ws_console": ("", """
WebSocket connection to 'wss://{selfhost}/realtime?token=...' failed: Error during WebSocket handshake: Unexpected response code: 400
[{pkg}] realtime disconnected, falling back to polling every 30s
"""),
    "java_ora": ("", """
Exception in thread "main" java.sql.SQLSyntaxErrorException: ORA-00942: table or view does not exist

	at oracle.jdbc.driver.T4CTTIoer11.processError(T4CTTIoer11.java:630)
	at oracle.jdbc.driver.T4CTTIoer11.processError(T4CTTIoer11.java:564)
	at oracle.jdbc.driver.T4C8Oall.processError(T4C8Oall.java:1231)
	at oracle.jdbc.driver.T4CPreparedStatement.executeForDescribe(T4CPreparedStatement.java:884)
	at com.{pkg}.connector.oracle.OracleReader.fetchBatch(OracleReader.java:{ln1})
	at com.{pkg}.connector.pipeline.SyncTask.run(SyncTask.java:{ln2})
	at com.{pkg}.connector.Main.main(Main.java:{ln3})
Caused by: Error : 942, Position : 14, Sql = SELECT * FROM {schema}.INVOICE_LINES WHERE UPDATED_AT > :1, Error Msg = ORA-00942: table or view does not exist
"""),
    "connector_yaml": ("yaml", """
source:
  type: oracle
  host: {dbhost}
  port: 1521
  service_name: {svcname}
  user: ETL_READER
  schema: {schema}
sync:
  tables: [INVOICES, INVOICE_LINES, CUSTOMERS]
  mode: incremental
  cursor_field: UPDATED_AT
  batch_size: 5000
"""),
    "java_pkix": ("", """
javax.net.ssl.SSLHandshakeException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target
	at java.base/sun.security.ssl.Alert.createSSLException(Alert.java:131)
	at java.base/sun.security.ssl.TransportContext.fatal(TransportContext.java:378)
	at java.base/sun.security.ssl.CertificateMessage$T13CertificateConsumer.checkServerCerts(CertificateMessage.java:1302)
	at java.base/sun.security.ssl.SSLHandshake.consume(SSLHandshake.java:396)
	at java.net.http/jdk.internal.net.http.HttpClientImpl.send(HttpClientImpl.java:573)
	at com.{pkg}.client.ApiClient.send(ApiClient.java:{ln1})
	at com.{pkg}.client.ReportsApi.download(ReportsApi.java:{ln2})
Caused by: sun.security.validator.ValidatorException: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target
"""),
    "java_oom": ("", """
{ts1} INFO  [export-worker-2] c.{pkg}.export.ExportService - starting export {jobid} (estimated rows={bigrows})
{ts2} WARN  [export-worker-2] c.{pkg}.export.ExportService - heap usage 91% after full GC
Exception in thread "export-worker-2" java.lang.OutOfMemoryError: Java heap space
	at java.base/java.util.Arrays.copyOf(Arrays.java:3537)
	at java.base/java.lang.AbstractStringBuilder.ensureCapacityInternal(AbstractStringBuilder.java:228)
	at java.base/java.lang.StringBuilder.append(StringBuilder.java:179)
	at com.{pkg}.export.CsvWriter.appendRow(CsvWriter.java:{ln1})
	at com.{pkg}.export.ExportService.run(ExportService.java:{ln2})
	at java.base/java.lang.Thread.run(Thread.java:1583)
"""),
    "java_timeout": ("", """
java.net.SocketTimeoutException: Read timed out
	at java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)
	at java.base/java.net.SocketInputStream.read(SocketInputStream.java:182)
	at com.{pkg}.sync.HttpTransport.execute(HttpTransport.java:{ln1})
	at com.{pkg}.sync.BatchUploader.flush(BatchUploader.java:{ln2})
"""),
    "android_npe": ("", """
FATAL EXCEPTION: main
Process: com.{pkg}.game, PID: {pid}
java.lang.NullPointerException: Attempt to invoke virtual method 'int com.{pkg}.game.inventory.Item.getStackSize()' on a null object reference
	at com.{pkg}.game.inventory.InventoryAdapter.onBindViewHolder(InventoryAdapter.java:{ln1})
	at com.{pkg}.game.inventory.InventoryAdapter.onBindViewHolder(InventoryAdapter.java:{ln2})
	at androidx.recyclerview.widget.RecyclerView$Adapter.onBindViewHolder(RecyclerView.java:7254)
	at androidx.recyclerview.widget.RecyclerView$Recycler.tryBindViewHolderByDeadline(RecyclerView.java:6297)
	at android.os.Handler.handleCallback(Handler.java:958)
	at android.os.Looper.loop(Looper.java:294)
"""),
    "ios_crash": ("", """
Exception Type:  EXC_CRASH (SIGABRT)
Triggered by Thread:  0

Last Exception Backtrace:
0   CoreFoundation        {hex1} __exceptionPreprocess + 164
1   libobjc.A.dylib       {hex2} objc_exception_throw + 60
2   LocalAuthentication   {hex3} -[LAContext evaluatePolicy:localizedReason:reply:] + 212
3   {pkg}                 {hex4} BiometricLoginController.authenticate() + 412
4   {pkg}                 {hex5} LoginViewModel.resumeSession() + 128
"""),
    "k8s_pods": ("", """
$ kubectl -n {ns} get pods
NAME                               READY   STATUS             RESTARTS        AGE
{pkg}-agent-6c9f7d8b5d-q4wzn       0/1     CrashLoopBackOff   {n} (31s ago)   {minutes}m
$ kubectl -n {ns} describe pod {pkg}-agent-6c9f7d8b5d-q4wzn | grep -A4 "Last State"
    Last State:     Terminated
      Reason:       OOMKilled
      Exit Code:    137
      Started:      {ts1}
      Finished:     {ts2}
"""),
    "k8s_yaml": ("yaml", """
containers:
  - name: {pkg}-agent
    image: registry.{dom}/agent:{ver_new}
    env:
      - name: AGENT_MODE
        value: "full-sync"
      - name: AGENT_CONCURRENCY
        value: "{n}"
    resources:
      requests:
        memory: "{mem}"
        cpu: "250m"
      limits:
        memory: "{mem2}"
"""),
    "oauth_json": ("", """
POST https://{api_host}/oauth/token
grant_type=refresh_token&refresh_token=rt_****{last4}&client_id=cli_{uid}

HTTP/1.1 400 Bad Request
Content-Type: application/json
{"error":"invalid_grant","error_description":"Refresh token has already been used or has been revoked"}
"""),
    "saml_log": ("", """
{ts1} WARN  auth.saml - SAMLResponse rejected for tenant {tenant}: Audience restriction mismatch (expected "https://{dom}/saml/{tenant}/metadata", got "https://{dom}/saml/metadata")
{ts2} WARN  auth.saml - assertion NotBefore is {?4|7|12} seconds in the future (allowed skew 0s)
{ts3} ERROR auth.saml - login failed for {email}: InResponseTo does not match any pending AuthnRequest
"""),
    "dns_mail": ("", """
$ dig +short TXT {custdom}
"v=spf1 include:_spf.google.com include:spf.{dom} ~all"
$ dig +short TXT {selector}._domainkey.{custdom}

$ dig +short TXT _dmarc.{custdom}
"v=DMARC1; p=reject; rua=mailto:dmarc@{custdom}; adkim=s; aspf=s"
"""),
    "bounce": ("", """
550-5.7.26 Unauthenticated email from {custdom} is not accepted due to
550-5.7.26 domain's DMARC policy. Please contact the administrator of
550 5.7.26 {custdom} domain if this was a legitimate mail.
"""),
    "win_installer": ("", r"""
[{tid}:{pid}][{ts1}]i001: Burn v3.14.0.8606, Windows v10.0 (Build 22631: Service Pack 0), path: C:\Windows\Temp\{pkg}-setup.exe
[{tid}:{pid}][{ts2}]e000: Error 0x80070005: Failed to create directory: C:\Program Files\{product}\bin
[{tid}:{pid}][{ts3}]e000: Error 0x80070005: Failed to cache payload: {pkg}_x64.msi
[{tid}:{pid}][{ts4}]e000: Error 0x80070005: Failed to install MSI package.
[{tid}:{pid}][{ts5}]i399: Apply complete, result: 0x80070005, restart: None, ba requested restart:  No
"""),
    "wg_log": ("", """
{ts1} [INFO ] tunnel: connecting to {vpnnode} ({ip2}:51820) using WireGuard
{ts2} [WARN ] wg: handshake for peer 1 ({ip2}:51820) did not complete after 5 seconds, retrying (try 2)
{ts3} [WARN ] wg: handshake for peer 1 ({ip2}:51820) did not complete after 5 seconds, retrying (try 3)
{ts4} [ERROR] tunnel: handshake timeout, falling back to OpenVPN TCP/443
{ts5} [ERROR] openvpn: TLS Error: TLS key negotiation failed to occur within 60 seconds (check your network connectivity)
{ts6} [INFO ] tunnel: state DISCONNECTED (reason=HANDSHAKE_FAILED)
"""),
    "ratelimit_log": ("", """
{ts1} INFO  sync.worker[{w1}] fetched /v1/contacts page 14 (100 records)
{ts2} WARN  sync.worker[{w2}] HTTP 429 Too Many Requests on /v1/contacts?page=15, Retry-After: 30
{ts3} WARN  sync.worker[{w1}] HTTP 429 Too Many Requests on /v1/deals?page=3, Retry-After: 30
{ts4} WARN  sync.worker[{w2}] HTTP 429 Too Many Requests on /v1/contacts?page=15, Retry-After: 60
{ts5} ERROR sync.worker[{w2}] giving up after 5 retries: RateLimitError(status=429, remaining=0, reset={epoch})
{ts6} ERROR sync.scheduler job full_sync failed, {n2} records not synced
"""),
    "pg_deadlock": ("", """
{pgts1} [{pid}] ERROR:  deadlock detected
{pgts1} [{pid}] DETAIL:  Process {pid} waits for ShareLock on transaction {xid1}; blocked by process {pid2}.
	Process {pid2} waits for ShareLock on transaction {xid2}; blocked by process {pid}.
	Process {pid}: UPDATE stock_levels SET qty = qty - $1 WHERE sku = $2 AND warehouse_id = $3
	Process {pid2}: UPDATE stock_levels SET qty = qty - $1 WHERE sku = $2 AND warehouse_id = $3
{pgts1} [{pid}] HINT:  See server log for query details.
{pgts1} [{pid}] CONTEXT:  while updating tuple (4821,17) in relation "stock_levels"
"""),
    "explain": ("sql", """
EXPLAIN ANALYZE
SELECT o.id, o.total, c.email
FROM orders o JOIN customers c ON c.id = o.customer_id
WHERE o.created_at >= now() - interval '30 days' AND c.country = 'DE';

Hash Join  (cost=48211.50..391204.77 rows=20412 width=52) (actual time={ms1}..{ms2} rows=18877 loops=1)
  Hash Cond: (o.customer_id = c.id)
  ->  Seq Scan on orders o  (cost=0.00..338211.00 rows={rows} width=24) (actual time=0.021..{ms1} rows={rows} loops=1)
        Filter: (created_at >= (now() - '30 days'::interval))
        Rows Removed by Filter: {removed}
  ->  Hash  (cost=41201.10..41201.10 rows=98112 width=36)
        ->  Seq Scan on customers c  (cost=0.00..41201.10 rows=98112 width=36)
              Filter: (country = 'DE'::text)
Planning Time: 0.612 ms
Execution Time: {ms2} ms
"""),
    "curl_403": ("", """
$ curl -sv -H "Authorization: Bearer $API_KEY" https://{api_host}/v1/me
*   Trying {ip}:443...
* Connected to {api_host} ({ip}) port 443
> GET /v1/me HTTP/2
> Host: {api_host}
> user-agent: curl/8.5.0
< HTTP/2 403
< content-type: application/json
< x-request-id: {reqid}
<
{"error":{"code":"forbidden","message":"Request blocked by network policy"}}
"""),
    "sftp_log": ("", """
{ts1} INFO  export.nightly starting export to sftp://{sftp_host}:22/incoming/
{ts2} INFO  export.nightly wrote orders_{yyyymmdd}.csv ({mb} MB)
{ts3} ERROR export.nightly upload failed: paramiko.ssh_exception.SSHException: Error reading SSH protocol banner[Errno 104] Connection reset by peer
{ts4} WARN  export.nightly retry 1/3 in 60s
{ts5} ERROR export.nightly upload failed: Socket exception: Connection reset by peer (104)
{ts6} ERROR export.nightly giving up, file kept in /var/lib/{pkg}/outbox
"""),
    "http503_access": ("", """
{ip} - - "POST /v2/exports HTTP/1.1" 503 112 rt=30.001 uct="0.001" uht="30.000" req={reqid}
{ip} - - "POST /v2/exports HTTP/1.1" 202 64 rt=0.412 uct="0.000" uht="0.411"
{ip} - - "POST /v2/exports HTTP/1.1" 503 112 rt=30.002 uct="0.001" uht="30.001"
{ip} - - "GET /v2/exports/{jobid} HTTP/1.1" 200 1893 rt=0.090
"""),
    "scim_log": ("", """
{ts1} INFO  scim PATCH /scim/v2/Users/{uid} op=replace path=active value=false -> 200
{ts2} INFO  scim user {email} deactivated (source={idp})
{ts3} INFO  auth login ok user={email} method=api_token ip={ip2}
{ts4} INFO  auth login ok user={email} method=mobile_refresh ip={ip2}
"""),
    "payment_log": ("", """
{ts1} payment_attempt id=pa_{hexs} amount={amt} currency=EUR card=****{last4} sca=required
{ts2} 3ds challenge issued acs={bankdom} method=app_redirect
{ts3} 3ds status=pending (no CRes received)
{ts4} 3ds status=timeout after 600s
{ts5} payment_attempt id=pa_{hexs} status=failed reason=authentication_required
"""),
    "app_sync_log": ("", """
{ts1} INFO  [{svc}] delta sync started (cursor={epoch})
{ts2} WARN  [{svc}] 412 Precondition Failed for item {uid}: etag mismatch, refetching
{ts3} WARN  [{svc}] 412 Precondition Failed for item {uid}: etag mismatch, refetching
{ts4} ERROR [{svc}] item {uid} skipped after 3 conflicts
{ts5} INFO  [{svc}] delta sync finished: {n2} ok, 1 skipped, duration {n}s
"""),
    "cors_console": ("", """
Access to fetch at 'https://{api_host}/v1/forms/submit' from origin 'https://www.{custdom}' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.
POST https://{api_host}/v1/forms/submit net::ERR_FAILED
"""),
    "embed_snippet": ("html", """
<script src="https://cdn.{dom}/embed/v3/form.js" defer></script>
<div class="{pkg}-form" data-form-id="{uid}" data-region="{region}"></div>
"""),
    "terraform": ("", """
{pkg}_database.main: Modifying... [id=db-{uid}]
╷
│ Error: updating database db-{uid}: 409 Conflict: {"code":"operation_in_progress","message":"another maintenance operation is running"}
│
│   with {pkg}_database.main,
│   on main.tf line {ln1}, in resource "{pkg}_database" "main":
╵
"""),
    "mobile_log": ("", """
{ts1} D/Billing: purchase flow started sku=gems_{gems}
{ts2} I/Billing: onPurchasesUpdated responseCode=0 (OK) orderId=GPA.33{n3}-{n2}-{last4}
{ts3} W/Inventory: grant failed: HTTP 409 {"reason":"receipt_already_consumed"}
{ts4} E/Inventory: pending grant queue size=1, will retry on next launch
"""),
    "cron_env": ("", """
# crontab -l
15 2 * * * /opt/{pkg}/bin/export.sh >> /var/log/{pkg}-export.log 2>&1

# /opt/{pkg}/bin/export.sh
#!/bin/bash
cd /opt/{pkg}
source .venv/bin/activate
python export.py --since yesterday --format csv
"""),
}

ART.update({
    "inotify": ("", """
{ts1} WARN  watcher: inotify_add_watch failed for /home/{pkg}user/{product}/Projects/archive/2019: No space left on device (ENOSPC)
{ts2} WARN  watcher: falling back to periodic scan every 300s for 1 root(s)
{ts3} ERROR watcher: could not watch 14 directories, changes there will be picked up late
$ cat /proc/sys/fs/inotify/max_user_watches
8192
"""),
    "graphql_query": ("graphql", """
query Orders($after: String) {
  orders(first: 100, after: $after, sortBy: UPDATED_AT, filter: { updatedSince: "{date_iso}" }) {
    pageInfo { hasNextPage endCursor }
    nodes { id number updatedAt financialStatus }
  }
}
"""),
    "replica_log": ("", """
{ts1} INFO  api POST /v1/orders -> 201 id=ord_{uid} (primary)
{ts2} INFO  api GET /v1/orders/ord_{uid} -> 404 (replica, lag={?1.8|2.4|3.1}s)
{ts3} WARN  api read-after-write miss for ord_{uid}, retrying on primary
{ts4} INFO  api GET /v1/orders/ord_{uid} -> 200 (primary)
"""),
    "consent_log": ("", """
{ts1} INFO  aggregator: refreshing accounts for user {user_id} via {pkg} open banking API
{ts2} WARN  aggregator: GET /accounts/{uid}/transactions -> 401 {"code":"consent_expired","message":"Consent has expired or was revoked"}
{ts3} INFO  aggregator: redirecting user {user_id} to re-consent flow
{ts4} INFO  aggregator: consent granted, consent_id=cns_{hexs}, valid_until={date_iso}
{ts5} WARN  aggregator: GET /accounts/{uid}/transactions -> 401 {"code":"consent_expired","message":"Consent has expired or was revoked"}
"""),
    "game_net": ("", """
[{clock1}] NET  connecting to match server {vpnnode}.mm.{dom}:7777 (udp)
[{clock2}] NET  handshake ok, rtt=48ms, nat=STRICT
[{clock3}] NET  packet loss 12.5% over last 5s
[{clock4}] NET  no packets for 8000ms, closing (reason=TIMEOUT, code=1006)
[{clock5}] UI   "Connection lost (1006)" shown
"""),
})
