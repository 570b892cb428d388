"""pt_BR messages of store mode (several caixas, the store server); merged into `messages.MESSAGES`."""

from __future__ import annotations

STORE_MESSAGES: dict[str, str] = {
    "store_caixa_not_member": (
        "Esta pasta de dados não é (mais) um caixa desta loja (instalação {installation}): entre de novo com "
        "pdv-bling store join URL --terminal PDVnn. Nada deste caixa foi perdido: as vendas continuam aqui."
    ),
    "store_catching_up": (
        "A retaguarda voltou a uma cópia anterior e espera os caixas {caixas} reenviarem o que ela perdeu: até "
        "lá, trocas de vendas da loja e crédito em loja esperam (a retaguarda não sabe o que eles já usaram). "
        "Basta abrir o PDV Bling nesses caixas (segundos); um caixa que não volta mais: pdv-bling store claims "
        "release CAIXA."
    ),
    "store_terminal_lost": (
        "A retaguarda voltou a uma cópia anterior e perdeu o registro deste caixa como {terminal}; nesse meio "
        "tempo o identificador {terminal} foi dado a outro caixa (instalação {other}). Nada foi enviado nem "
        "perdido: as vendas continuam guardadas aqui. Entre de novo com este caixa usando outro identificador: "
        "pdv-bling store join URL --terminal {suggestion}."
    ),
    "store_life_unknown": (
        "O caixa {terminal} ainda não sabe qual é a sua vida (incarnação): abra o PDV Bling uma vez nesta pasta "
        "e tente de novo."
    ),
    "store_sequence_back": (
        "A retaguarda recusou o caixa {terminal} (PC {host}): o banco de dados deste caixa voltou no tempo (lote "
        "{seq}, a retaguarda já recebeu até o {last}), como depois de restaurar um arquivo à mão. Nada foi "
        "pulado nem misturado: o caixa começa uma nova vida e envia de novo o que a retaguarda não tem."
    ),
    "store_two_lives": (
        "A retaguarda recusou o caixa {terminal} no PC {host}: esta pasta de dados é uma cópia antiga, e a cópia "
        "atual está no PC {other}. Duas cópias de um caixa não podem vender ao mesmo tempo. Use o PC {other}; "
        "as vendas feitas aqui continuam guardadas nesta pasta (para levá-las à loja, entre com outro caixa: "
        "pdv-bling store join URL --terminal PDVnn)."
    ),
    "store_copied_folder": (
        "A retaguarda recusou o caixa {terminal} no PC {host}: esta pasta de dados é uma cópia da pasta do "
        "caixa {terminal} que está no PC {other}, e duas cópias não podem vender como o mesmo caixa. Se o PC "
        "{other} não vai mais vender, confirme neste PC com pdv-bling store join URL --terminal {terminal} "
        "(o PC {other} passa a ser recusado). Se os dois vão vender, entre com outro caixa: pdv-bling store "
        "join URL --terminal PDVnn. Nada foi perdido: as vendas continuam guardadas aqui."
    ),
    "store_sale_left": (
        "A venda {value} pertence à loja (retaguarda) de que este caixa saiu: trocas, devoluções e cancelamentos "
        "dela são feitos num caixa da loja, que confere na retaguarda o que já foi devolvido."
    ),
    "store_in_doubt": (
        "A venda {value} foi enviada à retaguarda e este caixa ainda não recebeu a confirmação (a conexão caiu "
        "nesse momento). Trocas, devoluções, cancelamentos e crédito dela esperam a retaguarda responder: tente "
        "de novo quando a conexão voltar."
    ),
    "store_error": (
        "A retaguarda respondeu com um erro ({detail}): a conexão está funcionando, mas a operação foi recusada. "
        "Tente de novo; se repetir, veja pdv-bling store status e o registro do caixa."
    ),
    "store_busy": (
        "A retaguarda está ocupada com a mesma venda ou cliente em outro caixa agora ({detail}). Tente de novo em "
        "alguns segundos."
    ),
    "store_leave_pending": (
        "Este caixa ainda tem {count} registros que a retaguarda não recebeu: sair da loja agora os deixaria sem "
        "dono. Deixe o caixa entregá-los (pdv-bling sync --push) e tente de novo."
    ),
    "store_leave_offline": (
        "A retaguarda está sem conexão: para sair da loja, este caixa precisa confirmar com a retaguarda que ela "
        "recebeu tudo. Tente de novo quando a conexão voltar."
    ),
    "store_series_taken": (
        "O identificador {terminal} já foi usado nesta loja por outra instalação ({other}): os números dele "
        "(numeroLoja {terminal}-...) são dela para sempre. Escolha outro (sugestão: {suggestion})."
    ),
    "store_claims_unknown_caixa": "Não há caixa {value} nesta loja (pdv-bling store status lista os caixas).",
    "store_claims_confirm": (
        "Para liberar as reservas do caixa {terminal}, repita com --confirmar {terminal}: {count} reservas "
        "abertas ({detail}) voltam a ficar livres para os outros caixas."
    ),
    "store_url_invalid": (
        "Endereço da retaguarda inválido ({value}). Use postgresql://usuario@servidor:5432/banco "
        "(opcional: ?sslmode=require)."
    ),
    "store_url_option": "Opção desconhecida no endereço da retaguarda: {value} (aceitas: sslmode e afins).",
    "store_unreachable": (
        "Retaguarda sem conexão: não foi possível falar com o servidor da loja ({detail}). Verifique o cabo "
        "de rede e se o computador da retaguarda está ligado."
    ),
    "store_auth_failed": (
        "A retaguarda recusou a senha do banco da loja (ou nenhuma senha foi encontrada). Informe a senha "
        "correta (pdv-bling store join ... --password-stdin ou --ask-password) ou, num PC sem cofre de senhas, "
        "guarde-a no arquivo do libpq indicado em PGPASSFILE (docs/store-mode.md)."
    ),
    "store_password_unkept": (
        "Este computador não tem onde guardar a senha do banco da loja ({detail}): nada foi gravado. Num PC sem "
        "cofre de senhas do sistema, guarde a senha num arquivo do libpq (.pgpass: uma linha "
        "servidor:porta:banco:usuario:senha, permissão 0600) e informe-o em PGPASSFILE=/caminho (ou a senha em "
        "PGPASSWORD), e rode o comando sem --password-stdin; ou escolha o cofre em arquivo criptografado "
        "(PYTHON_KEYRING_BACKEND=pdv_bling.base.filekeyring.EncryptedFileKeyring). Passo a passo em "
        "docs/store-mode.md."
    ),
    "store_busy_here": (
        "Outro processo deste caixa já está repassando os registros à retaguarda (o aplicativo aberto ou outro "
        "pdv-bling sync): nada foi feito agora. Tente de novo em alguns segundos."
    ),
    "store_setting_terminal": (
        "{field}: o identificador deste caixa é dado pela loja; para trocá-lo use pdv-bling store join URL "
        "--terminal NOVO (a loja confere que ninguém mais o usa). Nada foi gravado."
    ),
    "store_setting_not_here": (
        "{field}: num computador da loja quem envia ao Bling é o integrador da loja, e esta configuração não vale "
        "aqui (nada foi gravado). As da loja inteira: depósito, canal de venda, modo de estoque, SKU como "
        "código de barras, envio do cliente, pré-requisitos da troca e o intervalo de sincronização."
    ),
    "store_not_initialised": "O banco da loja ainda não foi preparado: rode `pdv-bling store init URL` na retaguarda.",
    "store_schema_mismatch": (
        "O banco da loja está na versão {found} e este PDV Bling espera {expected}: atualize o PDV Bling em "
        "todos os caixas e rode `pdv-bling store init URL` na retaguarda."
    ),
    "store_terminal_taken": (
        "O identificador {terminal} já pertence a outro caixa desta loja (instalação {other}). Escolha outro "
        "(sugestão: {suggestion})."
    ),
    "store_installation_taken": (
        "Esta pasta de dados já está na loja como {terminal}. Uma pasta copiada de outro caixa não pode entrar "
        "como um segundo caixa: instale o PDV Bling do zero neste computador."
    ),
    "store_join_pending": (
        "Envios deste caixa ainda não entregues ao Bling: {count}. Conclua o envio (pdv-bling sync) "
        "antes de entrar na loja, para que cada venda tenha um único dono."
    ),
    "store_not_joined": "Esta pasta de dados não está em nenhuma loja (use pdv-bling store join URL --terminal PDV02).",
    "store_needed_for_sale": (
        "A venda {value} é de outro caixa ou já está na retaguarda, e a retaguarda está sem conexão: "
        "trocas, devoluções e cancelamentos dela precisam da retaguarda. Tente de novo quando a conexão voltar."
    ),
    "store_sale_not_found_offline": (
        "Venda {value} não encontrada neste caixa, e a retaguarda está sem conexão: vendas de outros caixas só "
        "são encontradas com a retaguarda. Tente de novo quando a conexão voltar."
    ),
    "store_credit_needs_store": (
        "Crédito em loja: a retaguarda está sem conexão e este caixa só pode usar o crédito concedido aqui "
        "que ainda não foi para a retaguarda ({balance}); pedido {amount}. Tente de novo quando a conexão voltar."
    ),
    "store_coupon_ambiguous": (
        "O cupom {value} corresponde a vendas de mais de um caixa ({terminals}). Informe o caixa e o número da "
        "venda (por exemplo {example})."
    ),
    "store_sale_busy": "A venda {value} está sendo alterada em outro caixa agora. Tente de novo em alguns segundos.",
    "store_bling_on_integrator": (
        "Este computador é um caixa da loja: a conexão com o Bling é feita no integrador da loja "
        "(pdv-bling connect no computador da retaguarda). Nada precisa ser conectado neste caixa."
    ),
    "store_integrator_stopped": (
        "O integrador da loja está parado: nada é enviado ao Bling nem verificado até ele voltar (as vendas ficam "
        "guardadas na retaguarda). Inicie o serviço pdv-bling integrator no computador da retaguarda."
    ),
    "store_transaction_pooling": (
        "O banco da loja está atrás de um agrupador de conexões em modo transação (PgBouncer com "
        "pool_mode=transaction): por ele o integrador não consegue garantir que só ele envia ao Bling, e por isso "
        "não assume o envio. Aponte o integrador direto para o PostgreSQL (pdv-bling integrator --store "
        "postgresql://usuario@servidor:5432/banco) ou use pool_mode=session."
    ),
    "store_integrator_silent": (
        "O integrador da loja não respondeu em {seconds} s: verifique se o serviço pdv-bling integrator está "
        "rodando no computador da retaguarda (pdv-bling store status mostra o integrador)."
    ),
    "store_other_lineage": (
        "O banco da loja neste endereço é de outra loja, não da que este integrador atendia: nada foi enviado "
        "ao Bling. Confira o endereço do banco da loja; se esta for mesmo a loja deste computador agora, rode "
        "`pdv-bling store init URL` nele."
    ),
    "store_replica_other_lineage": (
        "O banco da loja neste endereço é de outra loja, não da que este caixa conhecia: nada foi copiado dela "
        "para este caixa. Confira o endereço da retaguarda; para fazer deste caixa um caixa desta loja, use "
        "`pdv-bling store join URL --terminal PDVnn`."
    ),
}

# The leader's Bling side, as `store status` and `pdv-bling integrator` show it (leader_health codes).
INTEGRATOR_HEALTH: dict[str, str] = {
    "ok": "Bling funcionando",
    "not_connected": "este computador não está conectado ao Bling (rode pdv-bling connect nele)",
    "reconnection_needed": "o Bling pediu uma nova conexão (rode pdv-bling connect neste computador)",
    "keyring_unavailable": "o cofre de senhas do sistema não responde (os tokens do Bling ficam nele)",
    "oauth": "o Bling recusou as credenciais do aplicativo (rode pdv-bling connect neste computador)",
    "unauthorized": "o Bling recusou o acesso deste computador (rode pdv-bling connect nele)",
    "stepped_down": "passou a vez há pouco por falhas no Bling, para outro integrador assumir",
}
