"""Portuguese support-ticket templates for build_tickets.py: framing pools and
(product kind, template) lists per tier. Data, not logic."""

POOLS: dict = {}
CONTENT: dict = {}

# --------------------------------------------------------------------------
# Portuguese (mostly Brazilian)
# --------------------------------------------------------------------------
POOLS["pt"] = {
    "small_ctx_biz": ["Tenho uma pequena {?padaria|clínica de fisioterapia|agência de design|loja de material de construção} e uso o {product} para {?as cobranças|os agendamentos|as tarefas da equipe}.",
                      "Quem criou a conta foi meu antigo gestor, que já saiu da empresa.",
                      "Cuido da parte administrativa na {company}, então essas coisas caem comigo.",
                      "Somos só {n} usuários, nada complicado."],
    "small_ctx": ["Estou viajando e escrevendo pelo celular.",
                  "Voltei de {?licença|férias} agora e o app mudou bastante.",
                  "Normalmente meu {?filho|neto} me ajuda com isso, mas ele está fora esta semana.",
                  "Sou cliente há anos e nunca precisei fazer isso."],
    "greet": {
        "polite": ["Olá,", "Bom dia,", "Boa tarde,", "Prezados,", "Olá, equipe {product},", "Oi, tudo bem?",
                   "Boa noite,", "Prezada equipe de suporte,"],
        "casual": ["Oi!", "E aí,", "Olá pessoal,", "Oi gente,"],
        "angry": ["", "Bom dia.", "A quem possa interessar,"],
    },
    "sign": {
        "polite": ["Obrigado,\n{first}", "Atenciosamente,\n{fullname}", "Abraços,\n{first}", "Desde já agradeço.",
                   "Att,\n{fullname}\n{company}", "Fico no aguardo.\n{fullname}", "Obrigada pela ajuda!\n{first}",
                   "Grato,\n{fullname}"],
        "casual": ["valeu!", "obg", "abs", "valeu, {first}"],
        "angry": ["Aguardo retorno urgente.", "Isso é inaceitável.", "Att.", "Quero uma solução hoje.", "{fullname}"],
    },
    "pre": ["Espero que estejam bem.", "Uso o {product} desde {year} e gosto muito.",
            "Desculpem se for uma pergunta boba.", "Não entendo muito de tecnologia, então tenham paciência comigo.",
            "Pergunta rápida.", "Procurei na central de ajuda mas não achei.",
            "Um colega disse que vocês poderiam me ajudar."],
    "post": ["Muito obrigado pela ajuda!", "Sem pressa.", "Tenham um ótimo dia!", "Se for mais fácil, podem me ligar.",
             "Obrigado pela atenção."],
    "angry_pre": ["Não é possível que seja tão difícil.", "É a segunda vez que pergunto isso.", "Já estou perdendo a paciência.",
                  "A central de ajuda de vocês não serve pra nada nesse caso.", "Estou há 30 minutos esperando no chat."],
    "mid_ctx": ["Somos uma equipe de {seats} pessoas e usamos o {product} há uns {n} meses.",
                "Sou responsável pela conta do {product} na {company}.",
                "Não é bem um bug, só quero entender o funcionamento.",
                "Tenho uma dúvida sobre como o {product} se comporta."],
    "r_open": [
        "Estamos há {?dois dias|a semana toda|desde {weekday}} tentando resolver isso e já não sabemos o que fazer.",
        "Desculpem o texto longo, prefiro mandar todas as informações de uma vez.",
    ],
    "r_open_biz": [
        "Escrevo em nome do nosso time de desenvolvimento.",
        "Isso está afetando nosso ambiente de produção.",
    ],
    "r_close": [
        "Posso mandar os logs completos ou marcar uma call, se ajudar.",
        "Vocês conseguem escalar isso para o time técnico?",
        "Qualquer pista ajuda, nem que seja confirmar se é um problema conhecido.",
    ],
    "r_close_biz": [
        "Isso está travando nosso {?fechamento do mês|go-live de {weekday}}, então uma resposta rápida ajudaria muito.",
        "Posso enviar mais request IDs se precisarem.",
    ],
}

CONTENT["pt"] = {
    "small": [
        ("any", "Como faço para redefinir minha senha? Esqueci e não consigo entrar."),
        ("any", "Quero trocar o e-mail da minha conta no {product} para {email}. Onde faço isso?"),
        ("any", "Meu cartão venceu. Onde atualizo os dados de pagamento para a próxima cobrança não falhar?"),
        ("saas", "Onde consigo baixar a nota fiscal de {month}? Preciso mandar para {?o contador|o financeiro|a empresa}."),
        ("saas", "Como cancelo minha assinatura? Não acho o botão de cancelar."),
        ("saas", "Queremos mudar do plano {plan} para o {plan2}. Dá para fazer sozinho ou vocês precisam alterar?"),
        ("store", "Devolvi o pedido {order} no dia {date}. Quando o estorno cai no cartão?"),
        ("any", "Qual o horário de atendimento de vocês? Funciona aos sábados?"),
        ("saas", "Como adiciono um novo usuário na conta da nossa equipe?"),
        ("bank", "Como altero a senha do cartão pelo app do {product}?"),
        ("bank", "Perdi meu cartão. Como faço para bloquear pelo aplicativo?"),
        ("store", "Ainda dá para mudar o endereço de entrega do pedido {order}? Ele ainda não foi enviado."),
        ("vpn", "Em quantos aparelhos posso usar o {product} com uma assinatura só?"),
        ("any", "Como ativo a verificação em duas etapas?"),
        ("any", "Onde desligo as notificações por e-mail? Estou recebendo {?demais|umas 30 por dia}."),
        ("saas", "Tem como pagar anual em vez de mensal? Sai mais barato?"),
        ("game", "Troquei de celular. Como passo meu progresso do {product} para o novo?"),
        ("saas", "Onde coloco o CNPJ da empresa para sair nas notas fiscais?"),
        ("store", "Vocês fazem entrega {country}? Quanto tempo demora?"),
        ("any", "Por favor, excluam minha conta e todos os meus dados."),
        ("bank", "Como cadastro uma chave Pix no app?"),
        ("saas", "Fui cobrado duas vezes este mês, {amount} cada. Podem estornar uma das cobranças?"),
        ("store", "Qual o prazo para troca? Comprei um tênis no dia {date} e não serviu."),
    ],
    "mid": [
        ("sync", "Quando edito um arquivo offline no notebook e um colega edita o mesmo arquivo pela web, o {product} cria uma \"cópia em conflito\". Por que ele não junta as alterações? Dá para configurar para que uma das versões sempre prevaleça?"),
        ("saas", "O relatório mensal mostra {n2} tarefas concluídas em {month}, mas o export em CSV com o mesmo filtro vem com bem menos linhas. As tarefas arquivadas entram no relatório e não no export? Em qual número devo confiar?"),
        ("crm", "Temos dois funis no {product}, um para novos clientes e outro para renovações. Se eu movo um negócio de um para o outro, o histórico de atividades vai junto? E ele continua contando na taxa de conversão do primeiro funil? Nossa taxa subiu muito no mês passado e não entendemos o motivo."),
        ("saas", "O plano {plan} tem SSO com {idp} ou precisamos do {plan2}? Somos {seats} pessoas e só precisamos do SSO, não dos outros recursos enterprise."),
        ("bank", "Agendei uma transferência recorrente para o dia 31. Nos meses de 30 dias ela saiu no dia 1º do mês seguinte, e não no dia 30. É assim mesmo? Atrapalha o pagamento do meu aluguel."),
        ("vpn", "Ativei o split tunneling no {product} para só o navegador passar pela VPN, mas o app do banco continua saindo pelo túnel. No {os} funciona por aplicativo ou só por faixa de IP? O kill switch passa por cima disso?"),
        ("game", "Jogo {product} no tablet e no celular com a mesma conta. Quando sincroniza, qual progresso vale? Perdi uns dois dias de progresso no tablet depois de jogar no celular."),
        ("any", "A documentação da API diz que o limite é de {n2} requisições por minuto. É por chave de API ou por workspace? Temos duas integrações com chaves diferentes e parece que uma atrapalha a outra."),
        ("crm", "Importamos {n2} contatos e a deduplicação juntou pessoas que usam um e-mail genérico, tipo contato@. Como o {product} decide o que é duplicado? Dá para mudar para e-mail + empresa?"),
        ("saas", "Estamos no plano {plan} com {seats} licenças. Se eu desativar um usuário no meio do mês, a licença é creditada proporcionalmente ou só na renovação? E posso passar essa licença para outra pessoa na hora, sem cobrança nova?"),
        ("bank", "Quando exporto o extrato em CSV, os lançamentos futuros não aparecem, mas no app aparecem. Depois eles entram no CSV com uma data diferente da que o app mostrava. Qual data o export usa, a do lançamento ou a da compensação?"),
        ("db", "O armazenamento do nosso banco no {product} só cresce, mesmo apagando linhas antigas toda noite. Apagar libera espaço de verdade ou precisa rodar algum vacuum antes? A fatura foi de {amount} para {amount2}."),
        ("saas", "Desde a versão {ver}, a integração com o nosso ERP passou a mandar os pedidos sem o código do vendedor. Foi uma mudança proposital? Tem algum mapeamento novo que precisamos configurar?"),
        ("store", "Comprei um produto na promoção e uma semana depois o preço caiu de novo. Vocês cobrem a diferença? E vale mesmo se parte do pagamento foi com vale-presente?"),
        ("mail", "Se um contato se descadastra de uma das nossas listas no {product}, ele sai de todas ou só daquela? E as automações em que ele já está continuam enviando?"),
    ],
    "reasoning": [
        ("saas", """Depois de atualizar o {sdk} da {ver_old} para a {ver_new}, nossa sincronização de faturas quebra:

{art_node_typeerror}

O código que chama não mudou:
{art_node_invoice_code}

Parece que algumas faturas não trazem mais o objeto customer. Loguei a resposta crua e essas faturas vêm com "customer": null e um campo novo "customer_id". O changelog da {ver_new} só fala em "melhorias de performance nos endpoints de listagem".

Perguntas:
1. O objeto customer agora só vem se passar expand[]=customer?
2. Essa mudança também vale para a API REST ou só para o SDK?
3. Tem outros campos que mudaram do mesmo jeito? Não queremos descobrir um crash de cada vez.

Por enquanto voltamos para a {ver_old}, mas precisamos de uma correção da versão nova para outro bug."""),
        ("vpn", """O {product} conecta normal em casa, mas na rede do escritório não vai de jeito nenhum.

Log do cliente no escritório:
{art_wg_log}

O que já tentei:
- trocar o protocolo manualmente para OpenVPN UDP e TCP: os dois dão timeout
- outros servidores ({vpnnode} e mais dois): mesma coisa
- baixar o MTU para 1280 nas configurações avançadas
- rotear pelo 4G do celular estando no escritório: conecta na hora

O pessoal de TI diz que não bloqueia VPN, mas eles têm um firewall com "controle de aplicações". Quais portas e domínios o cliente precisa além de 51820/UDP e 443/TCP? O app consulta alguma API antes de conectar (chaves, lista de servidores) que possa estar bloqueada? Quero passar uma lista exata para eles."""),
        ("game", """Já comprei gemas no {product} {n} vezes e em duas não recebi nada. Falei com o suporte dentro do jogo e recebi uma resposta pronta mandando reiniciar o jogo. Reiniciei várias vezes. Meu irmão, que é programador, me ajudou a pegar isso:

{art_mobile_log}

Pelo que entendi, o Google cobrou (tenho os recibos com os IDs do pedido), mas o servidor de vocês recusou entregar os itens porque acha que o recibo já foi usado. Naquele dia eu joguei em dois aparelhos, celular e tablet, com a mesma conta. A compra foi feita no tablet.

O que já tentei: reiniciar, "restaurar compras" nas configurações (diz que não há nada para restaurar), entrar primeiro pelo celular, limpar os dados do app no tablet (perdi minhas configurações locais).

Vocês conseguem ver se o recibo foi consumido pelo outro aparelho e as gemas foram parar em outro lugar? E se realmente se perderam, podem adicionar as {gems} gemas manualmente ou me reembolsar? Posso mandar os dois recibos."""),
        ("crm", """Nossa integração com o {product} perde a autorização a cada poucos dias. A chamada de refresh devolve:

{art_oauth_json}

Rodamos {n} instâncias do backend atrás de um load balancer, e cada uma faz refresh do token quando recebe 401. Desconfio que duas instâncias fazem refresh ao mesmo tempo e uma invalida o refresh token da outra, mas não sei como funciona a rotação de tokens de vocês.

Já tentamos:
1. Guardar os tokens no Redis em vez de em memória, para todas compartilharem → continua, talvez com menos frequência
2. Fazer refresh proativo 5 minutos antes de expirar via cron → funcionou uma semana, depois falhou num fim de semana
3. Reautorizar o app manualmente → funciona até a próxima falha

Os refresh tokens são de uso único? Existe um período de tolerância em que o antigo ainda vale depois da rotação? E dá para ver no log de auditoria qual cliente invalidou o token?"""),
        ("mail", """Desde {date} quase todas as nossas campanhas do {product} para endereços do Gmail estão voltando:

{art_bounce}

Registros DNS como estão hoje:
{art_dns_mail}

O que já verificamos:
- o SPF inclui o domínio de vocês
- DKIM: o assistente mandou criar um CNAME para {selector}._domainkey. Criamos, mas como dá para ver a consulta TXT volta vazia. Nosso provedor de DNS "achata" CNAMEs, pode ser isso?
- Mudamos o DMARC para p=reject há duas semanas por causa de um caso de spoofing. Antes disso tudo chegava.
- Teste para o Gmail: dkim=fail, spf=pass, mas o SPF passa para o domínio de bounce de vocês e não para o nosso, então não há alinhamento.

Como deixamos o SPF ou o DKIM alinhados com o nosso domínio? Precisamos de um return-path próprio? Não podemos afrouxar a política de DMARC de novo."""),
        ("sync", """O instalador do {product} para desktop falha em todos os notebooks gerenciados pelo Intune, mas funciona nas máquinas em que o usuário é administrador local.

Log do instalador:
{art_win_installer}

Já tentamos:
1. Executar o setup "como administrador" manualmente em uma máquina → funciona, mas não dá para fazer isso em {seats} notebooks
2. Distribuir o MSI direto em vez do bootstrapper, com ALLUSERS=1 → erro 1925
3. Colocar a pasta de instalação nas exclusões do Defender → nada mudou
4. Instalar por usuário (ALLUSERS=2, MSIINSTALLPERUSER=1) → instala, mas na próxima atualização automática volta o 0x80070005

Existe uma forma suportada de distribuir para a máquina toda via Intune? O atualizador precisa de admin toda vez? Dá para desativar e nós mesmos distribuirmos as atualizações?"""),
        ("saas", """O agente do {product} no nosso Kubernetes está em CrashLoopBackOff desde que atualizamos o Helm chart para a {ver_new}.

{art_k8s_pods}

Recursos do container:
{art_k8s_yaml}

Já dobramos o limite de memória uma vez e ele só demora mais para levar OOMKilled. No log aparece "loading full index ({n2} objects)" logo antes de morrer, toda vez. Na {ver_old} ele rodou meses com os mesmos limites.

1. A {ver_new} passou a carregar o índice inteiro na memória ao iniciar, em vez de paginar como antes?
2. Existe alguma variável de ambiente para forçar o modo incremental antigo?
3. Baixar o AGENT_CONCURRENCY ajuda, ou o consumo de memória não depende disso?"""),
        ("store", """A exportação noturna de pedidos do {product} para o SFTP da transportadora está falhando umas três noites a cada cinco desde o começo de {month}.

{art_sftp_log}

A exportação roda do lado de vocês (exportação agendada) e o destino é o SFTP da transportadora. Eles dizem que não mudaram nada, só "atualizaram o firewall".

Tentativas:
1. Disparar a exportação manualmente durante o dia → sempre funciona
2. Mudar o horário de 02:00 para 04:00 → falha menos, mas ainda falha
3. Pedir para a transportadora liberar os IPs de vocês → eles querem a lista completa, que eu não encontrei
4. Trocar para autenticação por chave → mesma coisa

Podem passar a lista de IPs de origem da exportação? No retry é usado o mesmo IP? E dá para receber o arquivo por e-mail como alternativa quando o upload falhar, para o galpão não ficar parado?"""),
        ("store", """Usamos o {product} com nosso próprio serviço de estoque e desde a semana passada temos deadlocks no Postgres quase toda noite no horário de pico. O cliente vê um erro genérico no checkout.

Log do Postgres:
{art_pg_deadlock}

Nosso serviço reserva o estoque quando o item vai para o carrinho e baixa quando chega o webhook do pedido do {product}. Os dois caminhos fazem UPDATE em stock_levels, na ordem em que os itens aparecem no carrinho.

Já tentamos:
1. Refazer a transação quando dá deadlock (SQLSTATE 40P01) → diminuiu, mas ainda tem 2-3 por noite
2. SELECT ... FOR UPDATE antes do UPDATE → piorou
3. Processar webhooks um por vez → resolve, mas acumula fila e os pedidos são confirmados com minutos de atraso

O {product} manda webhooks do mesmo pedido em paralelo (order.created e order.paid juntos)? A ordem dos itens no webhook é garantida ou pode ser diferente da do carrinho?"""),
        ("saas", """O export roda perfeitamente quando executo na mão, mas pelo cron falha toda noite. Configuração:

{art_cron_env}

Log da execução pelo cron:
{art_py_env}

Já tentei:
- colocar a variável no /etc/environment → nada
- exportar a variável no próprio export.sh antes de chamar o python → funciona, mas aí a chave de API fica em texto puro no script, o que a segurança não aprova
- rodar com o mesmo usuário do cron via `sudo -u deploy ./export.sh` → funciona (porque carrega meu .bashrc, imagino)

Desde a {ver_new} o client de vocês não lê mais o arquivo ~/.{pkg}/credentials? Na {ver_old} a gente não precisava de variável de ambiente nenhuma. Qual é a forma recomendada de passar a chave num job agendado?"""),
        ("bank", """Preciso de ajuda com um Pix que saiu da minha conta e não chegou, e ninguém consegue me explicar o que aconteceu.

No dia {date} fiz um Pix de {amount2} para o meu fornecedor pelo app do {product}. O app mostrou "Pix realizado" na hora e o valor foi debitado. O fornecedor diz que não recebeu nada. Dois dias depois, no extrato, a mesma operação aparece como "em processamento" e com um identificador diferente do comprovante do app ({refcode}).

O que já fiz: liguei na central e mandaram esperar 1 dia útil. Esperei 3. Abri uma contestação pelo app, mas ela foi encerrada automaticamente com a mensagem "transação concluída com sucesso". O banco do fornecedor pede o ID end-to-end da transação para rastrear, e eu não sei se é o do comprovante ou o do extrato.

Minhas dúvidas: qual status está certo, o do app ou o do extrato? Dá para abrir um MED ou um pedido de rastreio com o banco recebedor? E qual identificador eu passo para o fornecedor? Estou com um pedido parado por causa disso."""),
        ("saas", """Toda noite por volta das 02:00 nosso uploader em lote falha com `java.net.SocketTimeoutException: Read timed out at com.{pkg}.sync.HttpTransport.execute(HttpTransport.java:{ln1})`. Durante o dia, com os mesmos dados, funciona. Vocês têm manutenção ou backup nesse horário? Já aumentamos o timeout para 120s e nada."""),
        ("saas", """Depois do update para {ver_new}:

{art_py_attr}

Na {ver_old} funcionava. Mudou o formato da paginação? Nosso código nem mexe no `meta`, isso está dentro do client de vocês."""),
    ],
}

CONTENT["pt"]["mid"] += [
    ("bank", "Se eu bloquear o cartão temporariamente pelo app, os débitos automáticos e as assinaturas continuam sendo cobrados? Bloqueei durante uma viagem e fiquei com medo de o aluguel não ser pago."),
    ("bank", "Agendei um Pix para cair no dia 5, mas o dia 5 deste mês é sábado. Ele sai no sábado mesmo, na sexta ou só na segunda? E se não tiver saldo no dia, o app tenta de novo depois?"),
    ("store", "Comprei dois produtos e um deles só tem estoque daqui a três semanas. Vocês mandam separado? Vou pagar o frete duas vezes? Na hora do pagamento não apareceu nada sobre isso."),
    ("sync", "O que acontece com o histórico de versões quando um arquivo é renomeado? Parece que o histórico começa do zero com o nome novo, e precisamos das versões antigas para uma auditoria."),
    ("crm", "O que acontece com os contatos e as tarefas abertas de um vendedor quando desativamos o usuário dele? Ele continua como responsável ou é redistribuído? Vamos remover {n} usuários em breve."),
    ("game", "Se eu comprar o passe de temporada no meio da temporada, recebo as recompensas dos níveis que já passei ou só daqui pra frente?"),
    ("saas", "Arquivar um projeto também para as automações e as tarefas recorrentes dele? Arquivamos alguns projetos de clientes já encerrados e o pessoal continua recebendo lembretes."),
    ("vpn", "Por que o {product} escolhe um servidor diferente toda vez que conecto com a opção \"Servidor mais rápido\"? Às vezes é em outro país e alguns sites param de funcionar. Como ele decide qual é o mais rápido?"),
]

CONTENT["pt"]["reasoning"] += [
    ("saas", """{?Temos o {product} auto-hospedado atrás de um nginx numa única VM.|Rodamos o {product} no nosso próprio servidor, com nginx na frente.} Desde a atualização da {ver_old} para a {ver_new}, na {weekday} passada, os usuários recebem 502 Bad Gateway aleatoriamente, principalmente ao abrir projetos grandes ou quando a sincronização roda.

Log de erro do nginx:
{art_nginx_502}

Trecho relevante da configuração:
{art_nginx_conf}

O que já fizemos:
1. Aumentamos o proxy_read_timeout para 300s → nada mudou, os 502 aparecem em poucos segundos, não por timeout
2. Olhamos o container da aplicação: ele reinicia mais ou menos a cada {minutes} minutos (exit code 137), bate com as linhas de "connection refused"
3. Demos mais {gb} GB de RAM para a VM → reinicia menos, mas continua

A {ver_new} mudou as configurações padrão de memória ou a quantidade de workers? Tem alguma configuração recomendada para projetos com mais de {n3} itens? Voltar de versão é possível, mas a migração do banco já rodou."""),
    ("saas", """O SSO com {idp} parou de funcionar para parte dos usuários depois que migramos para um tenant novo no dia {date}. Mais ou menos metade consegue entrar; o resto cai numa página de erro.

Do log de auditoria de vocês:
{art_saml_log}

O que já fizemos:
1. Subimos de novo os metadados do IdP novo no admin do {product} → alguns usuários voltaram a entrar
2. Sincronizamos o relógio do proxy ADFS → o aviso de diferença de horário sumiu por um dia e voltou
3. Comparamos quem funciona e quem não: todos que falham têm favoritos com a URL de login antiga e entram pelo IdP

O erro de Audience pode ser por causa do entity ID específico do tenant? Nunca mexemos nessa configuração, mas talvez a migração tenha mudado. E como aceitar login iniciado pelo IdP e pelo SP ao mesmo tempo sem o erro de InResponseTo?"""),
    ("db", """{?Nossos workers em Python começaram a falhar contra a instância Postgres do {product} ({region}) logo depois que atualizamos o SQLAlchemy e subimos uma versão nova do serviço {svc}.|Desde o deploy do serviço {svc} (que também atualizou o SQLAlchemy), o batch noturno contra o {product} quebra com timeout de pool.} Com carga normal está tudo bem, mas no batch da madrugada dá isso:

{art_py_pool}

No console do {product}, no mesmo horário, o número de conexões fica travado no máximo do nosso plano.

Já tentamos:
1. Subir pool_size para 20 e max_overflow para 20 → o erro some, mas aí o banco começa a recusar conexões ("remaining connection slots are reserved")
2. Colocar o pooler de vocês na frente (modo transaction) → os prepared statements quebraram
3. Reduzir os processos de {n} para 4 → o batch agora leva quase {hours} horas

Existe um limite fixo de conexões por plano que não aparece na página de preços? Devíamos usar o pooler em modo session? E pode ser que conexões ociosas não estejam sendo fechadas do lado de vocês depois de um failover?"""),
    ("saas", """Não consigo validar a assinatura dos webhooks de vocês, falha toda vez, mesmo com o segredo certo (copiei duas vezes do painel).

Meu handler:
{art_flask_hmac}

Saída do log:
{art_hmac_log}

O header começa com "sha256=", mas mesmo tirando esse prefixo não bate. Também tentei:
- usar o segredo como bytes decodificados de hex em vez da string
- SHA-1, caso a documentação esteja desatualizada
- rotacionar o segredo e mandar um evento de teste

Tenho que calcular o HMAC em cima do corpo bruto da requisição e não do JSON já parseado? Se sim, o get_json() do Flask altera os bytes (ordem das chaves, espaços, escape de unicode)? Existe alguma implementação de referência em Python?"""),
    ("store", """Vendemos pelo {product} e desde o dia {date} alguns pedidos que os clientes pagaram não aparecem no nosso painel, ou aparecem horas depois.

Na ordem, o que acontece:
1. O cliente paga; o gateway de pagamento mostra a cobrança como capturada e manda o e-mail de confirmação.
2. O pedido não aparece na lista. Às vezes aparece {hours} horas depois, às vezes nunca.
3. Como o pedido não existe, o estoque não baixa, então vendemos o mesmo produto sem estoque {n} vezes nesta semana.
4. Nosso sistema de expedição puxa os pedidos pela API de vocês a cada 10 minutos, então esses pedidos também nunca são enviados.

O que verificamos: o log de webhooks do gateway diz que as entregas para o endpoint de vocês retornaram 200. Não mexemos no tema. Desativamos os dois apps instalados recentemente (avaliações e conversor de moeda) e nada mudou. Parece acontecer mais com quem paga por Pix do que com cartão, mas não tenho certeza.

Existe alguma fila do lado de vocês entre a confirmação do pagamento e a criação do pedido que possa estar travada? Vocês conseguem verificar os pedidos que faltam dos últimos 7 dias? E como conciliamos os pagamentos que nunca viraram pedido, tem algum relatório para isso?"""),
    ("crm", """Nossa integração em Node quebra em toda execução desde ontem com `TypeError: Cannot read properties of undefined (reading 'id') at mapDeal (/app/src/sync/deals.js:{ln1}:{col})`. Não fizemos deploy nenhum. A resposta do /v1/deals mudou? Parece que alguns negócios vêm sem o campo owner."""),
]

CONTENT["pt"]["reasoning"] += [
    ("saas", """O domínio próprio dá ERR_SSL_PROTOCOL_ERROR desde que apontamos o DNS para vocês no dia {date}; a URL .{dom} funciona. O CNAME aparece como verificado no painel, esperamos 48h e limpamos o HSTS do Chrome. O certificado ficou travado em "pendente"?"""),
    ("saas", """Desde a atualização do conector para a {ver_new} dá ORA-01017: invalid username/password; logon denied, mas as mesmas credenciais funcionam no SQL*Plus. Já digitei a senha de novo, reiniciei o agente e recriei a entrada no vault. A senha fica em cache em algum lugar?"""),
    ("bank", """Dois problemas desde a atualização {app_ver} do app: (1) o login por biometria volta sempre para a tela da senha, (2) pararam as notificações de Pix recebido. Reinstalei, recadastrei o aparelho e revisei todas as permissões. {phone}, {android}. Uma coisa tem a ver com a outra?"""),
]
CONTENT["pt"]["mid"] += [
    ("mail", "Vamos mudar parte da nossa base de uma newsletter semanal para um resumo diário. Se eu criar uma segunda lista para quem quer o diário, quem estiver nas duas listas vai receber dois e-mails no dia do semanal? O {product} remove duplicados entre listas na mesma campanha? E o link de descadastro tira a pessoa das duas listas ou só da lista para a qual a campanha foi enviada?"),
]
