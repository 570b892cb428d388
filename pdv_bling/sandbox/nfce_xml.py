"""The authorized NFC-e XML the stand-in serves behind a note's signed `xml` link: an `nfeProc`
(`NFe` + `protNFe`) in the layout of schema 4.00 (`procNFe_v4.00.xsd`), with `infNFeSupl/qrCode`
(QR code version 2, online: `URL?p=chave|2|tpAmb|idCSC|hash`, the hash a SHA-1 over the first four
parameters and the CSC), `urlChave`, and a valid key (mod-11 check digit, model 65, the account's
CNPJ and UF). The signature is a stand-in's (no certificate): its `DigestValue` equals `digVal`.
Sources: `shared/docs/nfce-and-caixa.md` §B and §C."""

from __future__ import annotations

import base64
import hashlib
from typing import Any
from xml.sax.saxutils import escape

Json = dict[str, Any]
NS = "http://www.portalfiscal.inf.br/nfe"
CSC_ID, CSC = "000001", "STANDIN-CSC-0123456789"  # the stand-in account's "código de segurança"
QR_URLS = {1: "https://www.nfce.fazenda.sp.gov.br/qrcode", 2: "https://www.homologacao.nfce.fazenda.sp.gov.br/qrcode"}
URL_CHAVE = {1: "https://www.nfce.fazenda.sp.gov.br/consulta", 2: "https://www.homologacao.nfce.fazenda.sp.gov.br/consulta"}


def qr_code(key: str, tp_amb: int) -> str:
    params = f"{key}|2|{tp_amb}|{int(CSC_ID)}"
    digest = hashlib.sha1(f"{params}{CSC}".encode()).hexdigest().upper()
    return f"{QR_URLS.get(tp_amb, QR_URLS[2])}?p={params}|{digest}"


def _t(tag: str, value: object) -> str:
    return f"<{tag}>{escape(str(value))}</{tag}>"


def _money(value: float) -> str:
    return f"{value:.2f}"


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def _items(order: Json, produtos: dict[int, Json]) -> tuple[str, float]:
    out, total = [], 0.0
    for n, item in enumerate(order.get("itens") or [], start=1):
        produto = produtos.get((item.get("produto") or {}).get("id") or 0, {})
        ncm = _digits(((produto.get("tributacao") or {}).get("ncm")) or "00000000")
        qty, unit = float(item["quantidade"]), float(item["valor"])
        v_prod = round(qty * unit, 2)
        total += v_prod
        out.append(
            f'<det nItem="{n}"><prod>{_t("cProd", item.get("codigo") or produto.get("codigo") or n)}'
            f'{_t("cEAN", produto.get("gtin") or "SEM GTIN")}{_t("xProd", item.get("descricao") or produto.get("nome"))}'
            f'{_t("NCM", ncm)}{_t("CFOP", "5102")}{_t("uCom", item.get("unidade") or "UN")}{_t("qCom", f"{qty:.4f}")}'
            f'{_t("vUnCom", f"{unit:.10f}")}{_t("vProd", _money(v_prod))}{_t("cEANTrib", produto.get("gtin") or "SEM GTIN")}'
            f'{_t("uTrib", item.get("unidade") or "UN")}{_t("qTrib", f"{qty:.4f}")}{_t("vUnTrib", f"{unit:.10f}")}'
            f'{_t("indTot", 1)}</prod><imposto>{_t("vTotTrib", _money(v_prod * 0.1345))}<ICMS><ICMSSN102>'
            f'{_t("orig", 0)}{_t("CSOSN", 102)}</ICMSSN102></ICMS></imposto></det>')
    return "".join(out), round(total, 2)


def _payments(order: Json, formas: dict[int, Json]) -> str:
    parts = []
    for parcela in order.get("parcelas") or []:
        forma = formas.get((parcela.get("formaPagamento") or {}).get("id") or 0, {})
        tpag = f"{int(forma.get('tipoPagamento') or 99):02d}"
        parts.append(f'<detPag>{_t("tPag", tpag)}{_t("vPag", _money(float(parcela["valor"])))}</detPag>')
    return f"<pag>{''.join(parts)}{_t('vTroco', '0.00')}</pag>"


def _dest(contato: Json) -> str:
    doc = _digits(str(contato.get("numeroDocumento") or ""))
    if len(doc) == 11:
        ident = _t("CPF", doc)
    elif len(doc) == 14:
        ident = _t("CNPJ", doc)
    else:
        return ""  # CONSUMIDOR NÃO IDENTIFICADO
    return f'<dest>{ident}{_t("xNome", contato.get("nome") or "")}{_t("indIEDest", 9)}</dest>'


def build(*, note: Json, order: Json, empresa: Json, contato: Json, produtos: dict[int, Json],
          formas: dict[int, Json], tp_amb: int, authorized_at: str, protocol: str) -> str:
    """The `nfeProc` of an authorized note (`note` carries `chaveAcesso`, `numero`, `serie`, `dataEmissao`)."""
    key = note["chaveAcesso"]
    items, v_prod = _items(order, produtos)
    v_desc = round(max(0.0, v_prod - float(order.get("total") or v_prod)), 2)
    v_nf = round(v_prod - v_desc, 2)
    dh_emi = note["dataEmissao"].replace(" ", "T") + "-03:00"
    ide = (f'<ide>{_t("cUF", key[:2])}{_t("cNF", key[35:43])}{_t("natOp", "VENDA AO CONSUMIDOR")}{_t("mod", 65)}'
           f'{_t("serie", int(note.get("serie") or 1))}{_t("nNF", int(note["numero"]))}{_t("dhEmi", dh_emi)}'
           f'{_t("tpNF", 1)}{_t("idDest", 1)}{_t("cMunFG", 3550308)}{_t("tpImp", 4)}{_t("tpEmis", 1)}'
           f'{_t("cDV", key[43])}{_t("tpAmb", tp_amb)}{_t("finNFe", 1)}{_t("indFinal", 1)}{_t("indPres", 1)}'
           f'{_t("procEmi", 0)}{_t("verProc", "Bling 3.0")}</ide>')
    emit = (f'<emit>{_t("CNPJ", _digits(empresa.get("cnpj") or ""))}{_t("xNome", empresa.get("nome") or "")}'
            f'<enderEmit>{_t("xLgr", "Rua das Flores")}{_t("nro", "100")}{_t("xBairro", "Centro")}'
            f'{_t("cMun", 3550308)}{_t("xMun", "São Paulo")}{_t("UF", "SP")}{_t("CEP", "01001000")}'
            f'{_t("cPais", 1058)}{_t("xPais", "BRASIL")}</enderEmit>{_t("IE", "111111111111")}{_t("CRT", 1)}</emit>')
    total = (f'<total><ICMSTot>{_t("vBC", "0.00")}{_t("vICMS", "0.00")}{_t("vProd", _money(v_prod))}'
             f'{_t("vFrete", "0.00")}{_t("vSeg", "0.00")}{_t("vDesc", _money(v_desc))}{_t("vOutro", "0.00")}'
             f'{_t("vNF", _money(v_nf))}{_t("vTotTrib", _money(v_nf * 0.1345))}</ICMSTot></total>')
    inf_cpl = f"Pedido {order.get('numero')} - {order.get('numeroLoja') or ''}".strip(" -")
    inf_nfe = (f'<infNFe Id="NFe{key}" versao="4.00">{ide}{emit}{_dest(contato)}{items}{total}'
               f'<transp>{_t("modFrete", 9)}</transp>{_payments(order, formas)}'
               f'<infAdic>{_t("infCpl", inf_cpl)}</infAdic></infNFe>')
    digest = base64.b64encode(hashlib.sha1(inf_nfe.encode()).digest()).decode()
    supl = (f"<infNFeSupl><qrCode><![CDATA[{qr_code(key, tp_amb)}]]></qrCode>"
            f"{_t('urlChave', URL_CHAVE.get(tp_amb, URL_CHAVE[2]))}</infNFeSupl>")
    signature = ('<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo>'
                 f'<Reference URI="#NFe{key}">{_t("DigestValue", digest)}</Reference></SignedInfo>'
                 f'{_t("SignatureValue", base64.b64encode(hashlib.sha256(digest.encode()).digest()).decode())}'
                 '</Signature>')
    prot = (f'<protNFe versao="4.00"><infProt>{_t("tpAmb", tp_amb)}{_t("verAplic", "SP_NFCE_PL_009_V400")}'
            f'{_t("chNFe", key)}{_t("dhRecbto", authorized_at)}{_t("nProt", protocol)}{_t("digVal", digest)}'
            f'{_t("cStat", 100)}{_t("xMotivo", "Autorizado o uso da NF-e")}</infProt></protNFe>')
    return (f'<?xml version="1.0" encoding="UTF-8"?><nfeProc xmlns="{NS}" versao="4.00">'
            f'<NFe xmlns="{NS}">{inf_nfe}{supl}{signature}</NFe>{prot}</nfeProc>')
