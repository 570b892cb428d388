"""Why a data folder or its database cannot be used, as a code plus pt_BR words (CLI, app start).

Nothing is ever replaced or written when one of these is raised: the manager decides (restore a
backup, fix the folder's permissions, update the app, close the other program).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MESSAGES = {
    "home_is_file": "A pasta de dados {path} é um arquivo, não uma pasta: aponte PDV_BLING_HOME para uma pasta.",
    "home_under_file": "A pasta de dados {path} fica dentro de {blocker}, que é um arquivo: escolha outra pasta "
                       "para PDV_BLING_HOME.",
    "home_read_only": "Sem permissão para gravar na pasta de dados {path}: dê permissão de escrita a este "
                      "usuário ou escolha outra pasta (PDV_BLING_HOME).",
    "database_read_only": "O banco de dados {path} está somente leitura: dê permissão de escrita a este usuário "
                          "(nada foi gravado).",
    "damaged": "O banco de dados {path} está danificado ({detail}). Nada foi alterado nele. {backup_hint}",
    "newer_version": "Este banco de dados foi criado por uma versão mais nova do PDV Bling (esquema {revision}): "
                     "atualize o PDV Bling. Nada foi alterado.",
    "locked": "O banco de dados {path} continua bloqueado por outro programa depois de {seconds} s de espera: "
              "feche o outro programa (ou a outra janela do PDV Bling) e tente de novo.",
    "database_empty": "O banco de dados {path} está vazio (0 bytes): os registros desta pasta se perderam ou o "
                      "arquivo foi substituído. Ele não é recriado do zero (a numeração das vendas voltaria a 1). "
                      "Nada foi gravado. {backup_hint} Se esta pasta nunca registrou vendas, apague o arquivo vazio.",
    "database_missing": "Esta pasta pertence à instalação {installation}, mas o banco de dados {path} sumiu ou está "
                        "sem dados. Ele não é recriado do zero: a numeração das vendas voltaria a 1 e repetiria "
                        "números já enviados ao Bling. Nada foi gravado. {backup_hint}",
    "backup_none": "Não há cópia de segurança válida em {path}.",
    "backup_invalid": "A cópia {path} não é um banco de dados válido do PDV Bling ({detail}).",
}
BACKUP_HINT = ("As cópias automáticas (uma por dia, guardadas por 7 dias) ficam em {backups}. A mais recente "
               "válida é de {when}: para restaurá-la, use pdv-bling db restore (no aplicativo, aceite a "
               "oferta ao abrir).")
NO_BACKUP_HINT = "Não há cópia automática válida em {backups}: procure o suporte antes de apagar qualquer arquivo."


RESTORABLE = ("damaged", "database_empty", "database_missing")  # a good backup brings the records back


@dataclass
class StoreProblem(Exception):
    """A data folder or database that cannot be used, and why (`code`, see MESSAGES)."""

    code: str
    path: Path
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.code, str(self.path))

    def __str__(self) -> str:
        return MESSAGES[self.code].format(path=self.path, **self.params)
