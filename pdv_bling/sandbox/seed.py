"""Deterministic seed data of the stand-in's Bling account (same seed, same catalogue).

Shapes follow the response schemas of `sandbox/openapi.json`; ids are large integers like Bling's.
Formatting follows what Bling stores: NCM `8501.10.19`, CEST `28.063.00` (field guide section 1).
"""

from __future__ import annotations

import random
import struct
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from stdnum.br import cpf as stdnum_cpf

Json = dict[str, Any]

MODULO_VENDAS = 98310
EM_ABERTO, ATENDIDO, CANCELADO, EM_ANDAMENTO = 6, 9, 12, 15
VENDA_AGENCIADA, EM_DIGITACAO, VERIFICADO = 18, 21, 24
# The 7 built-in situações of the Vendas module, same ids in every account (field guide 6.7, §11 row 10).
# `valor` is the base state (6.7); Venda Agenciada's is not in the documented list (UNCONFIRMED: 4).
SITUACOES_VENDAS: list[Json] = [
    {"id": EM_ABERTO, "nome": "Em aberto", "idHerdado": 0, "cor": "#E9DC40", "valor": 0},
    {"id": ATENDIDO, "nome": "Atendido", "idHerdado": 0, "cor": "#3FB57A", "valor": 1},
    {"id": CANCELADO, "nome": "Cancelado", "idHerdado": 0, "cor": "#CB4335", "valor": 2},
    {"id": EM_ANDAMENTO, "nome": "Em andamento", "idHerdado": 0, "cor": "#5DADE2", "valor": 3},
    {"id": VENDA_AGENCIADA, "nome": "Venda Agenciada", "idHerdado": 0, "cor": "#A569BD", "valor": 4},
    {"id": EM_DIGITACAO, "nome": "Em digitação", "idHerdado": 0, "cor": "#AEB6BF", "valor": 10},
    {"id": VERIFICADO, "nome": "Verificado", "idHerdado": 0, "cor": "#48C9B0", "valor": 11},
]
# Orders in these situações reserve stock: saldoVirtual = saldoFisico - reserved (§11 row 3, LIVE).
RESERVING = frozenset({EM_ABERTO, EM_ANDAMENTO, EM_DIGITACAO, VERIFICADO})
MODULOS: list[Json] = [
    {"id": MODULO_VENDAS, "nome": "Vendas", "descricao": "Pedidos de Venda", "criarSituacoes": True},
    {"id": 98309, "nome": "Compras", "descricao": "Pedidos de Compra", "criarSituacoes": True},
]
# (descricao, tipoPagamento, padrao, finalidade) — tipoPagamento codes per field guide 6.6: PIX is
# 20 (PIX estático) in the accounts seen (§11 row 10); one forma only for recebimentos (finalidade 2).
FORMAS: list[tuple[str, int, int, int]] = [
    ("Dinheiro", 1, 1, 3), ("Cheque", 2, 0, 3), ("Cartão de Crédito", 3, 0, 3), ("Cartão de Débito", 4, 0, 3),
    ("Vale Presente", 12, 0, 3), ("Boleto", 15, 0, 2), ("PIX", 20, 0, 3), ("Pontos de Fidelidade", 19, 0, 3),
    ("Crédito em Loja", 21, 2, 3),
]
CARD_TIPOS = frozenset({3, 4})
CATEGORIAS = {
    "Vestuário": ["Camisetas", "Calças", "Vestidos"], "Calçados": ["Tênis", "Sandálias"],
    "Acessórios": ["Bolsas", "Cintos", "Bonés"], "Casa": ["Cozinha", "Banho"],
    "Papelaria": ["Cadernos", "Canetas"], "Alimentos": ["Bebidas", "Doces"],
}
NOMES = ["Camiseta", "Calça", "Vestido", "Tênis", "Sandália", "Bolsa", "Cinto", "Boné", "Caneca", "Toalha",
         "Caderno", "Caneta", "Suco", "Chocolate", "Meia", "Jaqueta", "Mochila", "Garrafa", "Prato", "Copo"]
ADJETIVOS = ["Básica", "Premium", "Listrada", "Estampada", "Clássica", "Esportiva", "Infantil", "Slim", "Eco"]
TAMANHOS = ["P", "M", "G", "GG"]
CORES = ["Preto", "Branco", "Azul", "Verde", "Vermelho"]
# Variation codes must stay unique among active products: "Verde" and "Vermelho" both gave "-VER".
COR_CODIGO = {"Preto": "PTO", "Branco": "BCO", "Azul": "AZL", "Verde": "VDE", "Vermelho": "VML"}
EMPTY_SKU_EVERY = 17  # every 17th simple product has no SKU (real catalogues have them, §11 row 10)
NCMS = [("61091000", "2806300"), ("62034200", "2806300"), ("64029990", "2806300"), ("42022210", ""),
        ("48202000", ""), ("96081000", ""), ("22029900", "0300700"), ("18063110", "1700600")]
BASE_TIME = datetime(2026, 1, 5, 9, 0, 0)


def ean13(rng: random.Random) -> str:
    body = "789" + "".join(str(rng.randrange(10)) for _ in range(9))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def cpf(rng: random.Random) -> str:
    """A CPF whose check digits python-stdnum accepts (the only pair of the 100 that passes)."""
    while True:
        base = "".join(str(rng.randrange(10)) for _ in range(9))
        if len(set(base)) > 1:  # 000.000.000-00 and the like are not CPFs
            return next(base + f"{d:02d}" for d in range(100) if stdnum_cpf.is_valid(base + f"{d:02d}"))


# Caixa e Bancos (sandbox/caixas.py)
# Contas financeiras of an account, in Bling's default order (CHG v335: main accounts first, then by
# type, then alphabetically). `situacao` is not part of the list's rows, only of its filter.
CONTAS_FINANCEIRAS: tuple[Json, ...] = (
    {"id": 14_000_000_001, "descricao": "Caixa", "tipo": "caixa", "situacao": 1},
    {"id": 14_000_000_002, "descricao": "Banco do Brasil", "tipo": "banco", "situacao": 1},
    {"id": 14_000_000_003, "descricao": "Conta PIX", "tipo": "conta-bancaria", "situacao": 1},
    {"id": 14_000_000_004, "descricao": "Bling Conta", "tipo": "integracao-pagamento",
     "aliasIntegracao": "BlingPagamentos", "situacao": 1},
    {"id": 14_000_000_005, "descricao": "Caixa antigo", "tipo": "caixa", "situacao": 2},
)
# tipo: 1 Despesa, 2 Receita, 3 Receita e despesa; situacao 1 ativa, 0 inativa.
CATEGORIAS_FINANCEIRAS: tuple[Json, ...] = (
    {"id": 15_000_000_001, "idCategoriaPai": 0, "descricao": "Suprimento de caixa", "tipo": 2, "situacao": 1},
    {"id": 15_000_000_002, "idCategoriaPai": 0, "descricao": "Sangria de caixa", "tipo": 1, "situacao": 1},
    {"id": 15_000_000_003, "idCategoriaPai": 0, "descricao": "Sobra de caixa", "tipo": 2, "situacao": 1},
    {"id": 15_000_000_004, "idCategoriaPai": 0, "descricao": "Quebra de caixa", "tipo": 1, "situacao": 1},
    {"id": 15_000_000_005, "idCategoriaPai": 0, "descricao": "Vendas", "tipo": 2, "situacao": 1},
    {"id": 15_000_000_006, "idCategoriaPai": 0, "descricao": "Despesas administrativas", "tipo": 1, "situacao": 1},
    {"id": 15_000_000_007, "idCategoriaPai": 15_000_000_006, "descricao": "Aluguel", "tipo": 1, "situacao": 1},
    {"id": 15_000_000_008, "idCategoriaPai": 0, "descricao": "Ajustes de caixa", "tipo": 3, "situacao": 1},
    {"id": 15_000_000_009, "idCategoriaPai": 0, "descricao": "Categoria antiga", "tipo": 1, "situacao": 0},
)


def float_noise(value: float) -> float:
    """What Bling answers for a stored price: its single-precision value (49.9 -> 49.9000015259)."""
    single: float = struct.unpack("f", struct.pack("f", value))[0]
    return round(single, 10)


def fmt_ncm(ncm: str) -> str:
    return f"{ncm[:4]}.{ncm[4:6]}.{ncm[6:]}"


def fmt_cest(cest: str) -> str:
    return f"{cest[:2]}.{cest[2:5]}.{cest[5:]}" if cest else ""


def stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S")


@dataclass
class Seed:
    categorias: list[Json] = field(default_factory=list)
    produtos: dict[int, Json] = field(default_factory=dict)  # detail shape, estoque filled at read
    produto_datas: dict[int, dict[str, str]] = field(default_factory=dict)  # inclusao/alteracao
    saldos: dict[tuple[int, int], float] = field(default_factory=dict)  # (produto, deposito) -> initial
    depositos: list[Json] = field(default_factory=list)
    formas: list[Json] = field(default_factory=list)
    vendedores: list[Json] = field(default_factory=list)
    contatos: list[Json] = field(default_factory=list)
    consumidor_final_id: int = 0
    empresa: Json = field(default_factory=dict)


def _categorias(seed: Seed) -> list[int]:
    next_id, leaves = 5_000_000, []
    for pai, filhas in CATEGORIAS.items():
        next_id += 1
        pai_id = next_id
        seed.categorias.append({"id": pai_id, "descricao": pai, "categoriaPai": {"id": 0}})
        for filha in filhas:
            next_id += 1
            seed.categorias.append({"id": next_id, "descricao": filha, "categoriaPai": {"id": pai_id}})
            leaves.append(next_id)
    return leaves


def _product(rng: random.Random, pid: int, i: int, categoria: int) -> Json:
    ncm, cest = rng.choice(NCMS)
    preco = round(rng.randrange(190, 49990) / 100, 2)
    nome = f"{rng.choice(NOMES)} {rng.choice(ADJETIVOS)} {i:05d}"
    return {
        "id": pid, "nome": nome, "codigo": f"SKU-{i:05d}", "preco": float_noise(preco),
        "precoCusto": float_noise(round(preco * 0.55, 2)), "tipo": "P", "situacao": "A", "formato": "S",
        "descricaoCurta": f"<p>{nome}</p>", "imagemURL": "", "unidade": "UN", "gtin": ean13(rng),
        "gtinEmbalagem": "", "pesoLiquido": 0.3, "pesoBruto": 0.35, "volumes": 1, "itensPorCaixa": 1,
        "marca": "Marca Loja", "tipoProducao": "P", "condicao": 1, "freteGratis": False,
        "categoria": {"id": categoria},
        "estoque": {"minimo": 0, "maximo": 0, "crossdocking": 0, "localizacao": ""},
        "tributacao": {"origem": rng.choice([0, 0, 0, 1, 2]), "ncm": fmt_ncm(ncm), "cest": fmt_cest(cest),
                       "nFCI": "", "spedTipoItem": "00", "percentualTributos": 0},
    }


def _variations(rng: random.Random, parent: Json, next_id: int) -> list[Json]:
    children = []
    combos = [(t, c) for t in rng.sample(TAMANHOS, 2) for c in rng.sample(CORES, 2)]
    for ordem, (tam, cor) in enumerate(combos, start=1):
        child = {**parent, "id": next_id + ordem, "codigo": f"{parent['codigo']}-{tam}-{COR_CODIGO[cor]}",
                 "nome": f"{parent['nome']} {tam} {cor}", "gtin": ean13(rng), "formato": "S",
                 "idProdutoPai": parent["id"],
                 "variacao": {"nome": f"Tamanho:{tam};Cor:{cor}", "ordem": ordem,
                              "produtoPai": {"id": parent["id"], "cloneInfo": True}}}
        children.append(child)
    return children


def _catalogue(seed: Seed, rng: random.Random, products: int) -> None:
    leaves = _categorias(seed)
    next_id = 16_000_000_000
    deps = [d["id"] for d in seed.depositos]
    for i in range(1, products + 1):
        next_id += 10
        prod = _product(rng, next_id, i, rng.choice(leaves))
        when = stamp(BASE_TIME + timedelta(minutes=7 * i))
        stocked = [prod]
        if rng.random() < 0.08:
            prod["formato"] = "V"
            children = _variations(rng, prod, next_id)
            prod["variacoes"] = [dict(c) for c in children]
            next_id += len(children)
            for child in children:
                seed.produtos[child["id"]] = child
                seed.produto_datas[child["id"]] = {"inclusao": when, "alteracao": when}
            stocked = children
        elif i % EMPTY_SKU_EVERY == 0:
            prod["codigo"] = ""
        seed.produtos[prod["id"]] = prod
        seed.produto_datas[prod["id"]] = {"inclusao": when, "alteracao": when}
        for item in stocked:
            seed.saldos[(item["id"], deps[0])] = float(rng.randrange(0, 60))
            seed.saldos[(item["id"], deps[1])] = float(rng.randrange(0, 20))


def _people(seed: Seed, rng: random.Random) -> None:
    seed.consumidor_final_id = 9_000_000_001
    seed.contatos.append({"id": seed.consumidor_final_id, "nome": "Consumidor Final", "codigo": "",
                          "situacao": "A", "numeroDocumento": "", "telefone": "", "celular": "",
                          "tipo": "F", "fantasia": "", "email": ""})
    for i in range(1, 31):
        nome = f"{rng.choice(['Ana', 'Bruno', 'Carla', 'Diego', 'Elisa', 'Fábio'])} Cliente {i:02d}"
        seed.contatos.append({"id": 9_000_000_001 + i, "nome": nome, "codigo": f"C{i:03d}", "situacao": "A",
                              "numeroDocumento": cpf(rng), "telefone": "", "celular": "(11) 99999-0000",
                              "tipo": "F", "fantasia": "", "email": f"cliente{i}@example.com"})
    for i, nome in enumerate(["Marina Souza", "Paulo Lima", "Renata Alves"], start=1):
        contato_id = 9_100_000_000 + i
        seed.vendedores.append({"id": 7_000_000_000 + i, "descontoLimite": 10.0, "loja": {"id": 0},
                                "contato": {"id": contato_id, "nome": nome, "situacao": "A"}})


def build_seed(*, products: int, seed: int, card_formas: bool = True) -> Seed:
    rng = random.Random(seed)
    out = Seed()
    out.depositos = [
        {"id": 14_000_000_001, "descricao": "Geral", "situacao": 1, "padrao": True, "desconsiderarSaldo": False},
        {"id": 14_000_000_002, "descricao": "Depósito Fundos", "situacao": 1, "padrao": False,
         "desconsiderarSaldo": False},
    ]
    for i, (descricao, tipo, padrao, finalidade) in enumerate(FORMAS, start=1):
        if tipo in CARD_TIPOS and not card_formas:
            continue  # an account without card formas (§11 row 10); ids of the others do not move
        out.formas.append({"id": 11_000_000 + i, "descricao": descricao, "tipoPagamento": tipo, "situacao": 1,
                           "fixa": tipo == 1, "padrao": padrao, "finalidade": finalidade, "juros": 0, "multa": 0})
    _catalogue(out, rng, products)
    _people(out, rng)
    out.empresa = {"id": f"{rng.getrandbits(128):032x}", "nome": "Loja Demonstração LTDA",
                   "cnpj": "12.345.678/0001-95", "email": "contato@lojademo.com.br", "dataContrato": "2025-03-01"}
    return out
