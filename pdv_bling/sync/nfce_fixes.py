"""What an NFC-e that did not come out needs, in the manager's words: SEFAZ's rejection codes
(`shared/docs/nfce-and-caixa.md` §D, texts from sped-nfe's cStat list) and Bling's own refusals of
`gerar-nfce`/`enviar`, each mapped to the fix and the screen where it is made. Bling's menu paths
are UNCONFIRMED except the card's "CNPJ credenciadora" (391); the wording names the screen as the
manager knows it and says what to change there.

After the fix in Bling, "Tentar novamente" reads the note's situação first and sends it again only
when it is still rejected (never a blind repeat: SEFAZ blocks certificates that repeat a rejection).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pdv_bling.bling.errors import BlingError
from pdv_bling.sync.fixes import Fix, error_detail

AFTER = " Depois clique em Tentar novamente (o PDV confere a nota no Bling antes de reenviar)."
EDIT_NOTE = " Se a nota {nota} já foi gerada, corrija-a também em Vendas › Notas Fiscais de Consumidor (NFC-e) ›" \
            " nota {nota} › Editar."


@dataclass(frozen=True)
class Rejection:
    code: str  # our fix code (error_code of the parked step)
    cstats: tuple[int, ...]
    words: tuple[str, ...]  # lower-case fragments of SEFAZ's or Bling's text that name it
    check: str


REJECTIONS: tuple[Rejection, ...] = (
    Rejection("nfce_762_pedido_compra", (762,), ("dados de compra", "numeropedidocompra", "pedido de compra"),
              "A SEFAZ recusou a NFC-e porque o pedido leva um número de pedido de compra (rejeição 762: "
              "\"NFC-e com dados de compras\"). No Bling, abra o pedido da venda {venda} e apague o campo "
              "\"Número do pedido de compra\"; o PDV nunca o envia, então ele veio de outra integração ou de "
              "uma edição manual." + EDIT_NOTE + AFTER),
    Rejection("nfce_ncm", (777, 778, 779), ("ncm",),
              "A SEFAZ recusou a NFC-e pelo NCM de um produto (rejeição {cstat}: {motivo}). No Bling, em "
              "Cadastros › Produtos › o produto › Tributação, informe o NCM completo de 8 dígitos da tabela "
              "vigente." + EDIT_NOTE + AFTER),
    Rejection("nfce_cfop_natureza", (725, 382, 386, 374), ("cfop", "natureza", "csosn", "tributa"),
              "A SEFAZ recusou a NFC-e pelo CFOP ou pela tributação (rejeição {cstat}: {motivo}). Peça ao "
              "contador para revisar no Bling a natureza de operação usada na NFC-e (Configurações › Naturezas de "
              "operação › a de \"venda cupom\") e as regras de tributação: CFOP 5102/5405 para venda ao "
              "consumidor, e o CST/CSOSN do regime da loja." + EDIT_NOTE + AFTER),
    Rejection("nfce_cest", (806,), ("cest",),
              "A SEFAZ recusou a NFC-e: produto com ICMS-ST sem CEST (rejeição 806). No Bling, em Cadastros › "
              "Produtos › o produto › Tributação, informe o CEST." + EDIT_NOTE + AFTER),
    Rejection("nfce_consumidor", (237, 208, 750, 751, 752, 789, 729),
              ("destinatario", "destinatário", "cpf", "consumidor"),
              "A SEFAZ recusou a NFC-e pelos dados do consumidor (rejeição {cstat}: {motivo}). Confira no Bling o "
              "contato da venda {venda}: CPF/CNPJ válido, marcado como não contribuinte e sem inscrição estadual; "
              "acima do valor que a SEFAZ exige identificação, informe o CPF do cliente na venda." + EDIT_NOTE
              + AFTER),
    Rejection("nfce_valores", (610, 564, 629, 767, 865, 866, 869),
              ("difere do somat", "total", "troco", "pagamento"),
              "A SEFAZ recusou a NFC-e porque os valores não fecham (rejeição {cstat}: {motivo}). Confira no "
              "Bling, no pedido da venda {venda}, os preços, descontos e parcelas: a soma dos pagamentos deve dar "
              "o total da nota." + EDIT_NOTE + AFTER),
    Rejection("nfce_certificado", (213, *range(280, 299)), ("certificado",),
              "A SEFAZ recusou a NFC-e pelo certificado digital (rejeição {cstat}: {motivo}). No Bling, em "
              "Configurações › Certificado digital, envie o certificado A1 da loja válido (vencido, revogado "
              "ou de outro CNPJ não serve)." + AFTER),
    Rejection("nfce_csc", (462, 463, 464), ("csc", "qr-code", "qrcode", "hash"),
              "A SEFAZ recusou a NFC-e pelo CSC (código de segurança do contribuinte) (rejeição {cstat}: "
              "{motivo}). No Bling, em Configurações › Notas Fiscais de Consumidor (NFC-e), informe o CSC e o "
              "ID do CSC que a SEFAZ do seu estado forneceu (produção e homologação têm códigos diferentes)."
              + AFTER),
    Rejection("nfce_cartao", (391,), ("cartão", "cartao", "credenciadora"),
              "A SEFAZ recusou a NFC-e: faltam os dados do cartão (rejeição 391). No Bling, na forma de "
              "pagamento de cartão usada na venda, preencha \"CNPJ credenciadora\" (ajuda do Bling: "
              "https://ajuda.bling.com.br/hc/pt-br/articles/7246363724951)." + EDIT_NOTE + AFTER),
    Rejection("nfce_atrasada", (704,), ("atrasada",),
              "A SEFAZ recusou a NFC-e por ter sido emitida há mais de 5 minutos (rejeição 704). No Bling, abra "
              "a nota {nota}, atualize a data/hora de emissão e envie; ou, se o seu estado permitir, emita em "
              "contingência." + AFTER),
)
GENERIC = ("nfce_rejeitada",
           "A SEFAZ recusou a NFC-e da venda {venda} (rejeição {cstat}: {motivo}). Corrija no Bling o que a "
           "mensagem aponta (produto, cliente, natureza de operação ou configuração da NFC-e)." + EDIT_NOTE + AFTER)
DENEGADA = Fix("nfce_denegada",
               "A SEFAZ DENEGOU a NFC-e {nota} da venda {venda} (situação 9): o uso da nota foi negado, em geral por "
               "irregularidade fiscal do emitente ou do destinatário. Ela não pode ser cancelada nem reenviada: "
               "fale com o contador. A venda segue registrada no Bling; emita outra nota pelo Bling quando "
               "resolvido e clique em \"Já está no Bling\".")
BLOQUEADA = Fix("nfce_bloqueada",
                "A NFC-e {nota} da venda {venda} está BLOQUEADA no Bling (situação 11): ela foi enviada repetidas "
                "vezes com a mesma rejeição. Corrija a causa no Bling, desbloqueie a nota lá (Vendas › Notas "
                "Fiscais de Consumidor) e clique em Tentar novamente.")
CANCELADA_ANTES = Fix("nfce_cancelada_no_bling",
                      "A NFC-e {nota} da venda {venda} foi cancelada no Bling antes de o PDV lê-la autorizada. Se a "
                      "venda precisa de nota, emita-a pelo Bling a partir do pedido e clique em \"Já está no Bling\".")
NAO_ENCONTRADA_INCERTA = Fix("confirmar_nfce",
                             "Não foi possível saber se a NFC-e da venda {venda} chegou a ser gerada no Bling (a "
                             "resposta se perdeu e há mais de uma nota parecida). Confira em Vendas › Notas Fiscais "
                             "de Consumidor as notas de {data} no valor de {valor}: se a nota da venda existe, "
                             "clique em \"Já está no Bling\"; se não, em Tentar novamente.")
GERAR_RECUSADO = Fix("nfce_gerar_recusado",
                     "O Bling não gerou a NFC-e da venda {venda}: {detail}. Confira em Configurações › Naturezas de "
                     "operação uma natureza ativa \"Padrão venda cupom\" para NFC-e, e em Configurações › Notas "
                     "Fiscais de Consumidor (NFC-e) a série, o CSC e o certificado." + AFTER)
XML_INVALIDO = Fix("nfce_xml_invalido",
                   "A NFC-e {nota} da venda {venda} está autorizada, mas o XML baixado do Bling não é o da nota "
                   "(chave ou QR Code ausentes). Tente novamente em alguns minutos; se persistir, baixe o XML em "
                   "Vendas › Notas Fiscais de Consumidor.")

_CSTAT = re.compile(r"(?:rejei[cç][aã]o|cstat|c[oó]digo)\D{0,6}(\d{3})", re.IGNORECASE)


def cstat_of(error: BlingError | None, text: str = "") -> int | None:
    """SEFAZ's status code in Bling's answer: a 3-digit `fields[].code`, else one named in the text."""
    if error is not None:
        for code in error.code_list():
            if 100 <= code <= 999:
                return code
        text = f"{text} {error.description} {' '.join(f.msg for f in error.fields)}"
    found = _CSTAT.search(text)
    return int(found.group(1)) if found else None


def rejection_fix(*, cstat: int | None, motivo: str, venda: str, nota: str) -> Fix:
    """The fix for a rejection: by code first, then by the words of the reason."""
    lower = motivo.lower()
    chosen = next((r for r in REJECTIONS if cstat in r.cstats), None)
    if chosen is None and lower.strip():
        chosen = next((r for r in REJECTIONS if any(w in lower for w in r.words)), None)
    code, check = (chosen.code, chosen.check) if chosen else GENERIC
    shown = motivo.strip() or "o motivo está na nota, em Vendas › Notas Fiscais de Consumidor (NFC-e)"
    values = {"cstat": cstat if cstat is not None else "?", "motivo": shown, "venda": venda,
              "nota": nota or "da venda"}
    return Fix(code, check.format(**values))


def motivo_of(error: BlingError) -> str:
    """SEFAZ's reason as Bling gave it (the first field's text, else the description)."""
    for field in error.fields:
        if field.msg:
            return field.msg
    return error.description or error_detail(error)


def fix_of(template: Fix, **values: object) -> Fix:
    return Fix(template.code, template.check.format(**values))


REJECTION_CODES = frozenset({r.code for r in REJECTIONS} | {GENERIC[0]})
