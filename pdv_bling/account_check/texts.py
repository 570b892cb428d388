"""pt_BR words of every finding: topic, default status, title, explanation and fix.

Screens named "Integração Bling > ..." and "Configurações" are this app's. Bling's own menu paths
follow the customer's manual where it names them (Gerenciador de transições) and Bling's
developer docs (Área do Integrador); the others are the cadastro's usual place (UNCONFIRMED
wording: Bling renames menus from time to time).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from .model import CheckResult, Status


@dataclass(frozen=True)
class Text:
    topic: str
    status: Status
    title: str
    explanation: str
    fix: str = ""


log = logging.getLogger(__name__)
BLING_APP = "Central de Extensões > Área do Integrador > seu aplicativo > Escopos"
RECONNECT = "Integração Bling > Autenticação > \"Iniciar integração\""
DEPARA = "Integração Bling > Métodos de Pagamento"
CAIXA_BANCOS = "Integração Bling > Caixa e Bancos"
SELLERS = "Integração Bling > Vendedores"
SITUACOES = "Todas as configurações > Sistema > Situações (módulo Vendas)"
TRANSICOES = "Perfil da empresa > Todas as configurações > Sistema > Gerenciador de transições"

TEXTS: dict[str, Text] = {
    # --- escopos
    "escopos_ok": Text("escopos", "ok", "Escopos do aplicativo",
                       "Todos os {count} módulos que o PDV Bling usa responderam."),
    "escopos_faltando": Text(
        "escopos", "erro", "Escopos do aplicativo",
        "O Bling respondeu 403 (insufficient_scope) {where}: sem esse escopo o PDV Bling não consegue {needs}.",
        "No Bling, em " + BLING_APP + ", marque {quoted} e salve. Salvar escopos desconecta o aplicativo: "
        "depois clique em " + RECONNECT + ". As vendas continuam guardadas e os envios parados por isso voltam sozinhos."),
    "escopos_parcial": Text("escopos", "nao_verificado", "Escopos do aplicativo",
                            "{count|Não consultado|Não consultados} nesta verificação: {labels}."),
    # --- situações
    "situacoes_ok": Text("situacoes", "ok", "Situações do módulo Vendas",
                         "Em aberto, Atendido e Cancelado encontradas pelo nome (ids {ids})."),
    "situacoes_sem_modulo": Text(
        "situacoes", "erro", "Situações do módulo Vendas",
        "O Bling não listou o módulo \"Vendas\" em suas situações: as vendas não podem mudar de situação.",
        "Confira no Bling se a conta tem o módulo de Pedidos de Venda ativo e verifique de novo."),
    "situacao_renomeada": Text(
        "situacoes", "erro", "Situação \"{nome}\" renomeada",
        "A situação de id {id} (a \"{nome}\" do Bling) aparece como \"{atual}\". O PDV Bling procura as situações "
        "pelo nome, então {uso} não acontece.",
        "No Bling, em " + SITUACOES + ", renomeie \"{atual}\" de volta para \"{nome}\" e verifique de novo."),
    "situacao_ausente": Text(
        "situacoes", "erro", "Situação \"{nome}\" não encontrada",
        "O módulo Vendas não tem a situação \"{nome}\": {uso} não acontece.",
        "No Bling, em " + SITUACOES + ", restaure ou crie a situação \"{nome}\" (herdando de \"{nome}\") e verifique de novo."),
    # --- depósito
    "deposito_ok": Text("deposito", "ok", "Depósito", "O estoque das vendas vai para o depósito \"{nome}\" (ativo)."),
    "deposito_sem_padrao": Text(
        "deposito", "erro", "Depósito padrão",
        "A conta não tem um depósito padrão ativo: o lançamento de estoque sem depósito indicado falha.",
        "No Bling, no cadastro de Depósitos (Estoque > Depósitos), marque um depósito ativo como padrão; "
        "ou escolha o depósito da loja em Configurações > Depósito do Bling."),
    "deposito_loja_ausente": Text(
        "deposito", "erro", "Depósito da loja",
        "O depósito {id} escolhido em Configurações não existe mais no Bling: o estoque das vendas não é lançado.",
        "Escolha outro depósito em Configurações > Depósito do Bling (sincronize Depósitos antes)."),
    "deposito_loja_inativo": Text(
        "deposito", "erro", "Depósito da loja",
        "O depósito \"{nome}\" escolhido para esta loja está inativo no Bling: o estoque das vendas não é lançado.",
        "No Bling, reative o depósito \"{nome}\" (Estoque > Depósitos); ou escolha outro em "
        "Configurações > Depósito do Bling."),
    "deposito_desconsidera_saldo": Text(
        "deposito", "atencao", "Depósito desconsidera o saldo",
        "O depósito \"{nome}\" está marcado para desconsiderar o saldo: o estoque lançado nele não entra nos totais "
        "do Bling (as vendas parecem não baixar o estoque).",
        "Se não for intencional, desmarque \"Desconsiderar saldo\" no cadastro do depósito \"{nome}\" no Bling; "
        "ou escolha outro em Configurações > Depósito do Bling."),
    # --- DE-PARA
    "depara_ok": Text("depara", "ok", "DE-PARA das formas de pagamento",
                      "Os {count} métodos de pagamento estão relacionados a formas ativas do Bling."),
    "depara_sem_vinculo": Text(
        "depara", "atencao", "Métodos sem DE-PARA",
        "{count} {count|método de pagamento não tem|métodos de pagamento não têm} forma do Bling: {names}. Vendas pagas com {count|ele ficam|eles ficam} em "
        "\"Requer atenção\" até o DE-PARA.",
        "Relacione cada um a uma forma de pagamento do Bling em " + DEPARA + " e clique em Salvar."),
    "depara_forma_inexistente": Text(
        "depara", "erro", "Forma de pagamento não existe mais",
        "{names} {count|está ligado|estão ligados} a uma forma que não existe mais no Bling: essas vendas são recusadas.",
        "Escolha outra forma em " + DEPARA + " (sincronize Formas de pagamento antes) e clique em Salvar."),
    "depara_forma_inativa": Text(
        "depara", "erro", "Forma de pagamento inativa",
        "A forma \"{forma}\" do Bling, usada por {names}, está inativa: o Bling recusa as vendas pagas com ela.",
        "No Bling, reative a forma \"{forma}\" (Cadastros > Formas de pagamento); ou escolha outra forma em "
        + DEPARA + "."),
    "depara_finalidade": Text(
        "depara", "atencao", "Forma de pagamento só para pagamentos",
        "A forma \"{forma}\" (usada por {names}) tem finalidade \"Pagamentos\" (contas a pagar), não recebimentos.",
        "No cadastro da forma \"{forma}\" no Bling, mude a finalidade para \"Recebimentos\" ou \"Ambos\"; ou escolha "
        "outra forma em " + DEPARA + "."),
    # --- vendedores
    "vendedores_ok": Text("vendedores", "ok", "Vendedores",
                          "{count} {count|operador ligado|operadores ligados} a vendedores ativos do Bling."),
    "vendedores_nenhum": Text("vendedores", "ok", "Vendedores",
                              "Nenhum operador cadastrado: as vendas vão ao Bling sem vendedor."),
    "vendedor_sem_vinculo": Text(
        "vendedores", "atencao", "Operadores sem vendedor do Bling",
        "{names} não {count|está ligado|estão ligados} a um vendedor do Bling: suas vendas vão sem vendedor (sem comissão).",
        "Vincule cada operador a um vendedor do Bling em " + SELLERS + " (sincronize Vendedores antes)."),
    "vendedor_inativo": Text(
        "vendedores", "erro", "Vendedor inativo ou inexistente",
        "{names} {count|está ligado|estão ligados} a um vendedor que não existe mais ou está inativo no Bling.",
        "No Bling, reative o vendedor (Cadastros > Vendedores); ou vincule outro em " + SELLERS + "."),
    # --- Consumidor Final
    "consumidor_final_ok": Text("consumidor_final", "ok", "Consumidor Final",
                                "O contato \"{nome}\" (id {id}) recebe as vendas sem cliente identificado."),
    "consumidor_final_ausente": Text(
        "consumidor_final", "erro", "Consumidor Final",
        "O Bling não devolveu o contato Consumidor Final (GET /contatos/consumidor-final respondeu {http}): "
        "as vendas sem cliente identificado não podem ser enviadas.",
        "No Bling, em Cadastros > Contatos, confira se o contato \"Consumidor Final\" existe e está ativo (o Bling o "
        "cria sozinho; se ele sumiu, abra um chamado no suporte do Bling) e verifique de novo."),
    # --- código de barras
    "codigo_barras_ok": Text("codigo_barras", "ok", "Código de barras",
                             "Os {count} produtos ativos têm {modo} único para o leitor."),
    "codigo_barras_nao_sincronizado": Text(
        "codigo_barras", "nao_verificado", "Código de barras",
        "Ainda não verificado: os produtos ainda não foram sincronizados.",
        "Sincronize Produtos em Integração Bling > Sincronizar Dados."),
    "produtos_sem_gtin": Text(
        "codigo_barras", "atencao", "Produtos sem código de barras (GTIN)",
        "{count} {count|produto ativo não tem|produtos ativos não têm} GTIN/EAN no Bling: o leitor não {count|o encontra|os encontra} (só pela busca por nome).",
        "No Bling, preencha o GTIN/EAN no cadastro desses produtos (Cadastros > Produtos) e sincronize Produtos; se "
        "a loja usa o SKU como código de barras, isso se escolhe antes da primeira sincronização "
        "(Configurações > Nova integração do zero)."),
    "produtos_sem_sku": Text(
        "codigo_barras", "atencao", "Produtos sem SKU",
        "Com \"SKU como código de barras\", {count} {count|produto ativo sem SKU no Bling não pode ser lido|produtos ativos sem SKU no Bling não podem ser lidos}.",
        "No Bling, preencha o código (SKU) no cadastro desses produtos e sincronize Produtos."),
    "codigo_duplicado": Text(
        "codigo_barras", "erro", "Código de barras repetido",
        "{count} {count|código|códigos} {modo} {count|aparece|aparecem} em mais de um produto ativo: o leitor pode vender o produto errado e baixar o "
        "estoque de outro.",
        "No Bling, deixe cada {modo} em um só produto ativo (Cadastros > Produtos) e sincronize Produtos."),
    # --- verificação de estoque
    "estoque_nao_verificado": Text(
        "estoque", "nao_verificado", "Baixa de estoque no Bling",
        "Ainda não verificado: depois da primeira venda enviada, o PDV Bling confere uma vez se o estoque do Bling "
        "baixou de fato."),
    "estoque_ok": Text("estoque", "ok", "Baixa de estoque no Bling",
                       "O estoque do Bling baixou com a venda {venda} ({quando})."),
    "estoque_nao_baixou": Text(
        "estoque", "erro", "Baixa de estoque no Bling",
        "O estoque do Bling não baixou com a venda {venda}{atendido}: as vendas não movem o estoque.",
        "{advice}"),
    "estoque_duas_vezes": Text(
        "estoque", "erro", "Baixa de estoque no Bling",
        "O estoque do Bling baixou duas vezes com a venda {venda}{origem}: cada venda tira o dobro do estoque.",
        "{advice}"),
    # --- requisições
    "requisicoes_ok": Text("requisicoes", "ok", "Requisições de hoje",
                           "{used} de {limit} requisições diárias da conta ({pct}%), contadas {by}."),
    "requisicoes_alto": Text(
        "requisicoes", "atencao", "Requisições de hoje",
        "{used} de {limit} requisições diárias da conta ({pct}%) já foram usadas {by}: perto do limite, os "
        "envios param até a meia-noite.",
        "Aumente os intervalos em Configurações (Enviar vendas a cada / Buscar catálogo a cada) e confira se outro "
        "aplicativo usa a mesma conta Bling."),
    "requisicoes_esgotadas": Text(
        "requisicoes", "erro", "Requisições de hoje",
        "{used} de {limit} requisições diárias ({pct}%): o limite do Bling foi atingido e os envios só recomeçam "
        "amanhã (nada se perde).",
        "Aguarde a meia-noite (horário de Brasília); confira se outro aplicativo usa a mesma conta Bling."),
    # --- relógio
    "relogio_ok": Text("relogio", "ok", "Relógio deste computador",
                       "A diferença para o relógio do Bling é de {skew}."),
    "relogio_sem_data": Text("relogio", "nao_verificado", "Relógio deste computador",
                             "O Bling não informou a hora (cabeçalho Date) nesta verificação."),
    "relogio_errado": Text(
        "relogio", "erro", "Relógio deste computador",
        "Este computador está {skew} {lado} do Bling: as vendas saem com data/hora errada e a renovação da "
        "autorização falha.",
        "Acerte a data, a hora e o fuso horário (Brasília, America/Sao_Paulo, sem horário de verão) deste "
        "computador e ative \"Definir horário automaticamente\"; depois verifique de novo."),
    "relogio_desviado": Text(
        "relogio", "atencao", "Relógio deste computador",
        "Este computador está {skew} {lado} do Bling.",
        "Ative \"Definir horário automaticamente\" nas configurações de data e hora do computador."),
    # --- fila
    "fila_ok": Text("fila", "ok", "Vendas na fila", "{count} {count|venda aguardando|vendas aguardando} envio, nenhuma seria recusada."),
    "fila_vazia": Text("fila", "ok", "Vendas na fila", "Nenhuma venda aguardando envio."),
    "fila_forma": Text(
        "fila", "erro", "Vendas na fila seriam recusadas: forma de pagamento",
        "{count} {count|venda aguardando envio usa|vendas aguardando envio usam} método sem DE-PARA ou forma inativa no Bling.",
        "Corrija o DE-PARA em " + DEPARA + " (ou reative a forma no Bling) antes do envio."),
    "fila_produto": Text(
        "fila", "erro", "Vendas na fila seriam recusadas: produto",
        "{count} {count|venda aguardando envio tem|vendas aguardando envio têm} produto inativo ou excluído no Bling.",
        "No Bling, reative o produto (Cadastros > Produtos) e sincronize Produtos; se ele não volta a ser vendido, "
        "cancele a venda no PDV Bling (pdv-bling sale cancel NÚMERO) e registre-a de novo com outro produto."),
    "fila_cliente": Text(
        "fila", "erro", "Vendas na fila seriam recusadas: cliente",
        "{count} {count|venda aguardando envio tem|vendas aguardando envio têm} cliente com dados que o Bling recusa.",
        "Registre os dados do cliente (nome, CPF/CNPJ, UF e CEP) numa Nova venda com o mesmo CPF/CNPJ: o cadastro "
        "é atualizado antes do envio."),
    # --- Caixa e Bancos (turnos posted to Bling; checked once the store uses it)
    "caixa_bancos_ok": Text("caixa_bancos", "ok", "Caixa e Bancos (lançamentos do turno)",
                            "Suprimentos, sangrias e diferenças de fechamento vão para a conta \"{conta}\" com as "
                            "categorias escolhidas, todas ativas no Bling."),
    "caixa_bancos_sem_conta": Text(
        "caixa_bancos", "erro", "Caixa e Bancos: conta financeira",
        "Nenhuma conta financeira escolhida para os lançamentos do turno: eles aguardam na fila ({waiting} agora).",
        "Escolha a conta em " + CAIXA_BANCOS + " (ou pdv-bling caixa-bancos set conta_id=ID) e clique em "
        "Tentar novamente na Fila de envio."),
    "caixa_bancos_conta_inexistente": Text(
        "caixa_bancos", "erro", "Caixa e Bancos: conta financeira",
        "A conta financeira {id} escolhida não existe mais, ou está inativa, no Bling: os lançamentos do turno "
        "seriam recusados.",
        "Em " + CAIXA_BANCOS + ", clique em Atualizar do Bling e escolha uma conta ativa (ou reative a conta no "
        "Bling, em Finanças > Caixa e Bancos)."),
    "caixa_bancos_sem_categoria": Text(
        "caixa_bancos", "erro", "Caixa e Bancos: categorias",
        "Sem categoria escolhida para {names}: esses lançamentos aguardam na fila ({waiting} lançamentos "
        "aguardando agora).",
        "Escolha {count|a categoria|as categorias} em " + CAIXA_BANCOS + " (ou pdv-bling caixa-bancos set) e "
        "clique em Tentar novamente na Fila de envio."),
    "caixa_bancos_categoria_inexistente": Text(
        "caixa_bancos", "erro", "Caixa e Bancos: categorias",
        "A categoria escolhida para {names} não existe mais, ou está inativa, no Bling: esses lançamentos seriam "
        "recusados.",
        "Em " + CAIXA_BANCOS + ", clique em Atualizar do Bling e escolha {count|outra categoria|outras categorias}."),
    "caixa_bancos_categoria_sentido": Text(
        "caixa_bancos", "atencao", "Caixa e Bancos: categorias",
        "A categoria de {names} não é do tipo do movimento (entradas pedem receita; saídas, despesa): os relatórios "
        "do Bling a mostrariam do lado errado.",
        "Escolha em " + CAIXA_BANCOS + " uma categoria de receita para suprimento e sobra, e de despesa para sangria "
        "e falta (ou de receita e despesa)."),
    # --- NFC-e pelo Bling (only when Configurações › NFC-e says the notes come from Bling)
    "nfce_natureza_ok": Text("nfce", "ok", "NFC-e pelo Bling: natureza de operação",
                             "A natureza de operação \"{natureza}\" (padrão venda cupom) está ativa para a NFC-e."),
    "nfce_sem_natureza": Text(
        "nfce", "erro", "NFC-e pelo Bling: natureza de operação",
        "A conta não tem uma natureza de operação ativa para NFC-e (\"Padrão venda cupom\"): o Bling não gera as notas.",
        "No Bling, em Configurações › Naturezas de operação, cadastre (ou ative) a natureza de venda ao consumidor "
        "e marque-a como \"Padrão venda cupom\"; peça ao contador o CFOP e a tributação."),
    "nfce_primeira_pendente": Text(
        "nfce", "nao_verificado", "NFC-e pelo Bling: primeira emissão",
        "Ainda não verificado: a primeira NFC-e desta conta sai com a primeira venda enviada."),
    "nfce_primeira_ok": Text("nfce", "ok", "NFC-e pelo Bling: primeira emissão",
                             "A primeira NFC-e (venda {venda}) foi autorizada pela SEFAZ."),
    "nfce_primeira_falhou": Text(
        "nfce", "erro", "NFC-e pelo Bling: primeira emissão",
        "A primeira NFC-e (venda {venda}) não foi autorizada: {motivo}.",
        "Veja o motivo e a correção na venda, em Fila de envio › Requer atenção; corrija no Bling e clique em "
        "Tentar novamente."),
    "nfce_em_dia": Text("nfce", "ok", "NFC-e das vendas", "Nenhuma venda espera a NFC-e além do prazo."),
    "nfce_pendentes": Text(
        "nfce", "atencao", "NFC-e das vendas",
        "{count} {count|venda espera|vendas esperam} a NFC-e (dentro do prazo da loja).",
        "Elas saem sozinhas quando o Bling responde; as paradas aparecem em Fila de envio › Requer atenção."),
    "nfce_atrasadas": Text(
        "nfce", "erro", "NFC-e das vendas",
        "{count} {count|venda está|vendas estão} sem NFC-e além do prazo da loja ({prazo}).",
        "Veja em Fila de envio › Requer atenção o que cada uma precisa (rejeição da SEFAZ, Bling fora do ar); o cliente "
        "tem direito ao DANFE: emita-o assim que a nota sair."),
    "nfce_a_cancelar": Text(
        "nfce", "atencao", "NFC-e a cancelar no Bling",
        "{count} {count|venda cancelada tem|vendas canceladas têm} NFC-e autorizada ainda não cancelada no Bling.",
        "No Bling, em Vendas › Notas Fiscais de Consumidor (NFC-e), abra cada nota e use \"Cancelar\" (até 30 minutos "
        "depois da autorização na maioria dos estados; confira o prazo do seu estado)."),
}


def result(code: str, *, details: tuple[str, ...] = (), status: Status | None = None, **params: Any) -> CheckResult:
    """The finding `code` with its words filled from `params`."""
    text = TEXTS[code]
    values = _Values(params)
    return CheckResult(topic=text.topic, code=code, status=status or text.status,
                       title=text.title.format_map(values), explanation=text.explanation.format_map(values),
                       fix=text.fix.format_map(values), details=details, params=_plain(params))


class _Values(dict[str, Any]):
    """A missing value shows as "?" instead of failing the whole check (a test catches it).
    `{count|produto|produtos}` is a plural: the singular when the value `count` is 1 (or a list of
    one), the plural otherwise, never "produto(s)"."""

    def __missing__(self, key: str) -> str:
        if "|" in key:
            name, one, many = (key.split("|", 2) + ["", ""])[:3]
            if name in self:
                value = self[name]
                return one if (len(value) if isinstance(value, list | tuple) else value) == 1 else many
        log.warning("account check text without the value %r", key)
        return "?"


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if isinstance(v, str | int | float | bool | list | type(None))}


def names(items: list[str] | tuple[str, ...]) -> str:
    """"A", "A e B", "A, B e C" (quoted)."""
    quoted = [f"\"{i}\"" for i in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " e " + quoted[-1]
