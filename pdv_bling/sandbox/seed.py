"""Deterministic seed data of the stand-in's Bling account (same seed, same catalogue).

Shapes follow the response schemas of `sandbox/openapi.json`; ids are large integers like Bling's.
Formatting follows what Bling stores: NCM `8501.10.19`, CEST `28.063.00` (field guide section 1).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

Json = dict[str, Any]

MODULO_VENDAS = 98310
EM_ABERTO, ATENDIDO, CANCELADO, EM_ANDAMENTO = 6, 9, 12, 15
SITUACOES_VENDAS: list[Json] = [
    {"id": EM_ABERTO, "nome": "Em aberto", "idHerdado": 0, "cor": "#E9DC40", "valor": 0},
    {"id": ATENDIDO, "nome": "Atendido", "idHerdado": 0, "cor": "#3FB57A", "valor": 1},
    {"id": CANCELADO, "nome": "Cancelado", "idHerdado": 0, "cor": "#CB4335", "valor": 2},
    {"id": EM_ANDAMENTO, "nome": "Em andamento", "idHerdado": 0, "cor": "#5DADE2", "valor": 3},
]
MODULOS: list[Json] = [
    {"id": MODULO_VENDAS, "nome": "Vendas", "descricao": "Pedidos de Venda", "criarSituacoes": True},
    {"id": 98309, "nome": "Compras", "descricao": "Pedidos de Compra", "criarSituacoes": True},
]
# (descricao, tipoPagamento, padrao) — tipoPagamento codes per field guide 6.6.
FORMAS: list[tuple[str, int, int]] = [
    ("Dinheiro", 1, 1), ("Cheque", 2, 0), ("Cartão de Crédito", 3, 0), ("Cartão de Débito", 4, 0),
    ("Vale Presente", 12, 0), ("Boleto", 15, 0), ("PIX", 17, 0), ("Pontos de Fidelidade", 19, 0),
    ("Crédito em Loja", 21, 2),
]
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
NCMS = [("61091000", "2806300"), ("62034200", "2806300"), ("64029990", "2806300"), ("42022210", ""),
        ("48202000", ""), ("96081000", ""), ("22029900", "0300700"), ("18063110", "1700600")]
BASE_TIME = datetime(2026, 1, 5, 9, 0, 0)


def ean13(rng: random.Random) -> str:
    body = "789" + "".join(str(rng.randrange(10)) for _ in range(9))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def cpf(rng: random.Random) -> str:
    digits = [rng.randrange(10) for _ in range(9)]
    for size in (9, 10):
        total = sum(d * w for d, w in zip(digits, range(size + 1, 1, -1), strict=True))
        digits.append((total * 10 // 11) % 10)
    return "".join(map(str, digits))


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
        "id": pid, "nome": nome, "codigo": f"SKU-{i:05d}", "preco": preco,
        "precoCusto": round(preco * 0.55, 2), "tipo": "P", "situacao": "A", "formato": "S",
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
        child = {**parent, "id": next_id + ordem, "codigo": f"{parent['codigo']}-{tam}-{cor[:3].upper()}",
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


def build_seed(*, products: int, seed: int) -> Seed:
    rng = random.Random(seed)
    out = Seed()
    out.depositos = [
        {"id": 14_000_000_001, "descricao": "Geral", "situacao": 1, "padrao": True, "desconsiderarSaldo": False},
        {"id": 14_000_000_002, "descricao": "Depósito Fundos", "situacao": 1, "padrao": False,
         "desconsiderarSaldo": False},
    ]
    for i, (descricao, tipo, padrao) in enumerate(FORMAS, start=1):
        out.formas.append({"id": 11_000_000 + i, "descricao": descricao, "tipoPagamento": tipo, "situacao": 1,
                           "fixa": tipo == 1, "padrao": padrao, "finalidade": 3, "juros": 0, "multa": 0})
    _catalogue(out, rng, products)
    _people(out, rng)
    out.empresa = {"id": f"{rng.getrandbits(128):032x}", "nome": "Loja Demonstração LTDA",
                   "cnpj": "12.345.678/0001-95", "email": "contato@lojademo.com.br", "dataContrato": "2025-03-01"}
    return out
