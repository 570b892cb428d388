<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR" sourcelanguage="pt_BR">
<context>
    <name>AuthTab</name>
    <message>
        <location filename="../../ui/auth_tab.py" line="38"/>
        <location filename="../../ui/auth_tab.py" line="81"/>
        <location filename="../../ui/auth_tab.py" line="87"/>
        <location filename="../../ui/auth_tab.py" line="91"/>
        <source>Iniciar integração</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="40"/>
        <source>Desconectar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="45"/>
        <source>1. Clique em Iniciar integração: o navegador abre o login do Bling.
2. Entre com o usuário administrador principal da conta Bling.
3. Clique em Permitir. O PDV Bling recebe a autorização e mostra o nome da empresa.
4. Em seguida, abra a aba Sincronizar Dados (a primeira sincronização é mais demorada).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="57"/>
        <source>Status da integração.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="67"/>
        <source>A conexão pelo navegador ainda não está disponível nesta versão do serviço.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="72"/>
        <source>(nome não informado)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="73"/>
        <source>✔ Conectado ao Bling: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="75"/>
        <source>Reconectar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="78"/>
        <source>⚠ Reconexão necessária: a autorização do Bling expirou ou foi revogada. As vendas continuam guardadas; clique em Iniciar integração.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="84"/>
        <source>⚠ Nenhum cofre de senhas do sistema disponível: instale e inicie o GNOME Keyring ou o KWallet para guardar a autorização do Bling com segurança. As vendas continuam guardadas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="89"/>
        <source>Não conectado. As vendas ficam guardadas até a integração ser feita.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="96"/>
        <source>Se o navegador não abrir, copie este endereço:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="101"/>
        <source>Aguardando a permissão no navegador…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomerPage</name>
    <message>
        <location filename="../../ui/exchange_pages.py" line="256"/>
        <source>Cliente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="257"/>
        <source>Troca e devolução exigem CPF/CNPJ e endereço completo (nota fiscal de devolução).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="258"/>
        <source>CPF/CNPJ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="258"/>
        <source>Nome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="258"/>
        <source>CEP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="258"/>
        <source>Logradouro</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="258"/>
        <source>Número</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="259"/>
        <source>Complemento</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="259"/>
        <source>Bairro</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="259"/>
        <source>Cidade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="259"/>
        <source>UF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="284"/>
        <source>Venda %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="314"/>
        <source>Informe o nome do cliente.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="142"/>
        <source>Cupom de troca da nova venda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="152"/>
        <source>Emita a nota fiscal da nova venda em Últimas vendas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="164"/>
        <source>Troca registrada</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="164"/>
        <source>Devolução registrada</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="165"/>
        <source>O Bling será ajustado automaticamente: não é preciso cancelar nada no Bling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="166"/>
        <source>Tudo gravado neste computador.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="170"/>
        <source>Nova venda nº %1 · Total %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="172"/>
        <source>Troco %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="176"/>
        <source>No Bling: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="180"/>
        <source>Saldo de crédito do cliente: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="182"/>
        <source>Crédito concedido: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="185"/>
        <source>Devolver ao cliente %1 no pagamento original.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="195"/>
        <source>Concluído no Bling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="197"/>
        <source>Requer atenção: veja a Fila de envio.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="199"/>
        <source>Na fila: será enviado ao Bling quando houver conexão (nenhuma ação manual no Bling).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExchangeWizard</name>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="119"/>
        <source>a venda original será cancelada no Bling com estorno de estoque e contas; a nova venda não é cancelada.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="123"/>
        <source>a venda original será cancelada no Bling com estorno de estoque e contas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="126"/>
        <source>os itens devolvidos voltarão ao estoque do depósito da loja; a venda original continua Atendido.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="221"/>
        <source>Troca/Devolução</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="226"/>
        <source>&lt; &amp;Voltar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="227"/>
        <source>&amp;Avançar &gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="228"/>
        <source>&amp;Confirmar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="229"/>
        <source>&amp;Concluir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="230"/>
        <source>Cancelar</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FindSalePage</name>
    <message>
        <location filename="../../ui/exchange_pages.py" line="185"/>
        <source>Localizar a venda original</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="186"/>
        <source>Digite o número da venda ou leia o cupom de troca impresso no comprovante.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="188"/>
        <source>Número da venda ou cupom de troca (ex.: 12 ou ABCD-EF12)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="192"/>
        <source>Enter busca a venda e avança · Esc cancela</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="195"/>
        <source>Venda ou cupom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="207"/>
        <source>Informe o número da venda ou o cupom de troca.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="216"/>
        <source>Todos os itens da venda %1 já foram devolvidos.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="225"/>
        <source>Nenhuma venda encontrada com &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="227"/>
        <source>Cupom de troca com erro de digitação: confira o código impresso.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="229"/>
        <source>Código inválido: digite o número da venda ou o cupom de troca (8 caracteres).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="231"/>
        <source>A venda %1 está cancelada: não há o que trocar.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Guards</name>
    <message>
        <location filename="../../ui/guards.py" line="26"/>
        <source>Há %1 para o Bling. Eles continuam guardados neste computador e serão enviados na próxima vez que o PDV Bling estiver aberto e conectado.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guards.py" line="34"/>
        <source>Sair mesmo assim?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guards.py" line="35"/>
        <source>Sair do PDV Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guards.py" line="39"/>
        <source>Desconectar remove a autorização deste computador no Bling. Nada é enviado até uma nova integração.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guards.py" line="44"/>
        <source>Desconectar?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guards.py" line="45"/>
        <source>Desconectar do Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guards.py" line="49"/>
        <source>Nova integração do zero: uma cópia de segurança dos dados locais será feita e depois serão excluídos os produtos, as categorias e os clientes sem vendas (clientes com vendas ou crédito continuam, desvinculados do Bling antigo). O DE-PARA e as datas de sincronização são zerados.

Continuar?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guards.py" line="55"/>
        <source>Nova integração do zero</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntegrationWindow</name>
    <message>
        <location filename="../../ui/integration_window.py" line="19"/>
        <location filename="../../ui/integration_window.py" line="21"/>
        <source>Integração Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/integration_window.py" line="23"/>
        <source>Bling + Ponto de Venda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/integration_window.py" line="30"/>
        <source>Autenticação</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/integration_window.py" line="31"/>
        <source>Métodos de Pagamento</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/integration_window.py" line="32"/>
        <source>Sincronizar Dados</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/integration_window.py" line="33"/>
        <source>Logs de API</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ItemsPage</name>
    <message>
        <location filename="../../ui/exchange_items.py" line="120"/>
        <source>Itens da troca</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="121"/>
        <source>À esquerda, o que o cliente devolve; à direita, o que ele leva (vazio = devolução).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="122"/>
        <location filename="../../ui/exchange_items.py" line="156"/>
        <source>Produto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="122"/>
        <source>Vendido</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="122"/>
        <source>Disponível</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="123"/>
        <source>Devolver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="123"/>
        <source>Valor un.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="125"/>
        <source>Devolvidos (F6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="128"/>
        <source>Espaço marca/desmarca · + e − ajustam · número define a quantidade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="147"/>
        <source>Novos (F7)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="149"/>
        <source>Código de barras, SKU ou nome (3*código multiplica)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="156"/>
        <source>Qtd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="156"/>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="169"/>
        <source>Enter adiciona · Delete na lista remove · Enter vazio avança</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="190"/>
        <source>Quantidade inválida antes do *.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="198"/>
        <source>Produto não encontrado: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="201"/>
        <source>Escolha o produto com as setas e tecle Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="229"/>
        <source>Marque ao menos um item devolvido.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="236"/>
        <source>Devolvido %1 · Novos %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="239"/>
        <source>A pagar %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="241"/>
        <source>Crédito %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LogsTab</name>
    <message>
        <location filename="../../ui/logs_tab.py" line="30"/>
        <source>Todos os modelos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="31"/>
        <source>Somente erros</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="32"/>
        <source>Atualizar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="34"/>
        <source>Ação</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="34"/>
        <source>Verificar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="34"/>
        <location filename="../../ui/logs_tab.py" line="59"/>
        <source>Modelo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="34"/>
        <source>Data / Hora</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="37"/>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="53"/>
        <source>Sem dados disponíveis.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="57"/>
        <source>Selecione uma linha para ver a verificação sugerida.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="65"/>
        <source>Logs para resolução de conflitos com a integração.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="102"/>
        <source>Verificar: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="45"/>
        <source>PDV Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="51"/>
        <source>MODO DEMONSTRAÇÃO — treinamento: as vendas vão para um Bling simulado neste computador, nunca para o Bling real.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="73"/>
        <source>Ações</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="79"/>
        <source>Nova venda (F2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="80"/>
        <source>Troca/Devolução (F3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="81"/>
        <source>Sincronizar agora (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="82"/>
        <source>Fila de envio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="83"/>
        <source>Integração Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="84"/>
        <source>Configurações</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="96"/>
        <source>Troca/Devolução ainda não está disponível nesta versão.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="136"/>
        <source>Sincronizando com o Bling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="148"/>
        <source>Sincronização concluída.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="178"/>
        <source>PDV Bling continua aberto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="178"/>
        <source>Os envios seguem em segundo plano.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewSaleDialog</name>
    <message>
        <location filename="../../ui/new_sale.py" line="80"/>
        <source>Nova venda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="100"/>
        <source>Código de barras, SKU ou nome do produto (3*código multiplica)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="108"/>
        <source>Produto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="108"/>
        <source>SKU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="108"/>
        <source>Qtd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="108"/>
        <source>Unitário</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="108"/>
        <location filename="../../ui/new_sale.py" line="163"/>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="128"/>
        <source>Produto (F1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="143"/>
        <source>CPF ou CNPJ (opcional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="147"/>
        <source>Nome do cliente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="148"/>
        <source>Vendedor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="149"/>
        <source>Cliente (F3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="153"/>
        <source>Valor (Enter adiciona)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="155"/>
        <source>Pagamento (F4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="156"/>
        <source>Valor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="163"/>
        <source>Pago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="170"/>
        <source>Finalizar venda (F10)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="175"/>
        <source>Del remove o último item · Esc cancela · F10 finaliza</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="196"/>
        <source>A venda foi guardada neste computador e será enviada ao Bling automaticamente.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="197"/>
        <source>Próxima venda (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="199"/>
        <source>Fechar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="205"/>
        <source>Cupom de troca</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="231"/>
        <source>(nenhum)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="243"/>
        <source>Quantidade inválida antes do *.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="259"/>
        <source>Produto não encontrado: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="262"/>
        <source>Escolha o produto e tecle Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="316"/>
        <source>Informe um valor maior que zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="331"/>
        <location filename="../../ui/new_sale.py" line="386"/>
        <source>Troco: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="334"/>
        <source>Falta: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="372"/>
        <source>A venda não tem itens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="383"/>
        <source>Venda %1 registrada · Total %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NfceDialog</name>
    <message>
        <location filename="../../ui/nfce_dialog.py" line="23"/>
        <source>NFC-e da venda %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/nfce_dialog.py" line="27"/>
        <source>Chave de acesso (44 dígitos)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/nfce_dialog.py" line="33"/>
        <source>Chave de acesso informada:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/nfce_dialog.py" line="40"/>
        <source>Informe a chave de acesso da NFC-e emitida para esta venda. Ela será anotada no pedido do Bling.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutboxWindow</name>
    <message>
        <location filename="../../ui/outbox_window.py" line="34"/>
        <source>Fila de envio ao Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="38"/>
        <source>Tipo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="39"/>
        <source>Venda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="40"/>
        <source>Situação</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="41"/>
        <source>Tentativas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="42"/>
        <source>Próxima tentativa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="43"/>
        <source>Último erro</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="50"/>
        <source>agora</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="68"/>
        <source>Selecione um item para ver o erro e a correção sugerida.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="69"/>
        <source>Tentar novamente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="70"/>
        <source>Tentar novamente todos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="71"/>
        <source>Enviar agora</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="72"/>
        <source>Já está no Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="74"/>
        <source>Use depois de conferir no Bling que o lançamento existe (o Bling não permite consultá-lo).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="105"/>
        <source>%1 pendente(s) · %2 requer(em) atenção</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="108"/>
        <source>Nada aguardando envio: tudo foi entregue ao Bling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="123"/>
        <source>Sem erro registrado.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="125"/>
        <source>Correção sugerida: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PaymentsTab</name>
    <message>
        <location filename="../../ui/payments_tab.py" line="33"/>
        <source>Pagamento (PDV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/payments_tab.py" line="33"/>
        <source>Informado (Bling)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/payments_tab.py" line="38"/>
        <source>Salvar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/payments_tab.py" line="41"/>
        <source>Relacione cada método de pagamento do PDV com a forma de pagamento do Bling. É obrigatório: vendas pagas com um método não informado ficam aguardando.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/payments_tab.py" line="48"/>
        <source>Defina as configurações para métodos de pagamento.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/payments_tab.py" line="64"/>
        <source>Não informado</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/payments_tab.py" line="69"/>
        <source>Forma %1 (inativa no Bling)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/payments_tab.py" line="77"/>
        <source>Nenhuma forma de pagamento do Bling ainda: sincronize o modelo Formas de pagamento.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/payments_tab.py" line="91"/>
        <source>%1 método(s) sem forma de pagamento do Bling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/payments_tab.py" line="94"/>
        <source>Todos os métodos estão relacionados.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/payments_tab.py" line="114"/>
        <source>DE-PARA salvo.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SalesPanel</name>
    <message>
        <location filename="../../ui/sales_panel.py" line="41"/>
        <source>Últimas vendas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="44"/>
        <source>Buscar por número, cupom de troca ou cliente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="46"/>
        <source>NFC-e da venda…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="50"/>
        <source>Nº</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="51"/>
        <source>Data/Hora</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="52"/>
        <source>Tipo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="53"/>
        <source>Cliente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="54"/>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="55"/>
        <source>Cupom de troca</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="56"/>
        <source>Envio ao Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="57"/>
        <source>NFC-e</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="63"/>
        <source>Consumidor final</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="67"/>
        <source>Informada</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="120"/>
        <source>Ver NFC-e</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="120"/>
        <source>Informar NFC-e…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="40"/>
        <source>Configurações</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="47"/>
        <source>id do canal de venda (loja) no Bling; vazio = nenhum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="48"/>
        <source>Transições do Bling (Em aberto → Atendido lança estoque e contas)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="49"/>
        <source>Lançar estoque e contas pela integração</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="53"/>
        <source>Usar o SKU como código de barras</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="57"/>
        <source>Enviar o cliente da venda ao Bling (desmarcado: Consumidor Final)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="58"/>
        <source>Emitir nota fiscal de devolução automaticamente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="59"/>
        <source>Crédito de clientes positivo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="60"/>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="61"/>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="77"/>
        <source>Loja e integração</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="79"/>
        <source>Terminal (PDV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="80"/>
        <source>Depósito do Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="81"/>
        <source>Canal de venda (loja)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="82"/>
        <source>Estoque e contas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="87"/>
        <source>Enviar vendas a cada</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="88"/>
        <source>Buscar catálogo a cada</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="92"/>
        <source>Troca/Devolução (pré-requisitos)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="99"/>
        <location filename="../../ui/settings_dialog.py" line="191"/>
        <source>Nova integração do zero</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="102"/>
        <source>Para migrar para outra conta ou integração do Bling: faz uma cópia de segurança e apaga produtos, categorias e clientes locais trazidos da integração anterior. Recusado enquanto houver envios pendentes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="105"/>
        <source>Nova integração do zero…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="125"/>
        <source>Padrão da conta Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="130"/>
        <source>Depósito %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="138"/>
        <source>Bloqueado: os produtos já foram sincronizados. Para mudar, use Nova integração do zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="140"/>
        <source>Escolha antes da primeira sincronização de produtos; depois ela fica bloqueada.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="192"/>
        <source>Não é possível agora: há %1. Eles pertencem à integração atual; aguarde o envio (veja Fila de envio) e tente de novo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="209"/>
        <source>Pronto. Cópia de segurança: %1. Excluídos %2 produtos e %3 categorias. Agora faça a nova integração e sincronize.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettlementPage</name>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="69"/>
        <source>Acerto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="70"/>
        <source>Diferença a pagar, crédito em loja ou estorno, conforme os valores.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="76"/>
        <source>Manter como crédito em loja</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="98"/>
        <source>&amp;Dividir: receber este valor e outra forma</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="101"/>
        <source>Desfazer divisão</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="112"/>
        <source>Forma de pagamento</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="113"/>
        <source>Valor recebido</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="131"/>
        <source>Devolvido %1 · Novos %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="133"/>
        <source>Saldo atual de crédito do cliente: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="140"/>
        <source>O cliente paga a diferença: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="143"/>
        <source>Fica de crédito para o cliente: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="145"/>
        <source>Sem diferença: nada a pagar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="149"/>
        <source>Devolução de %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="151"/>
        <source>Estornar ao cliente no pagamento original (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="179"/>
        <source>Escolha a forma e informe um valor maior que zero para dividir.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="210"/>
        <source>Falta: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="212"/>
        <source>Troco: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="222"/>
        <source>Nenhuma forma de pagamento ativa.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../ui/status_bar.py" line="38"/>
        <source>● Reconexão necessária</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="40"/>
        <source>● Bling não conectado</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="42"/>
        <source>● Offline (vendas guardadas)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="44"/>
        <source>● Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="49"/>
        <source>Pendentes: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="50"/>
        <source>Requer atenção: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="53"/>
        <source>Última sincronização: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="53"/>
        <source>nunca</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="55"/>
        <source>Conferir e confirmar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="56"/>
        <source>Nada foi gravado ainda. Confirme para registrar a troca neste computador.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="58"/>
        <source>&amp;Confirmar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="63"/>
        <source>44 dígitos (opcional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="66"/>
        <source>Chave da nota de devolução</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="79"/>
        <source>nenhum (devolução)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="81"/>
        <source>Venda original</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="82"/>
        <source>Cliente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="83"/>
        <source>Devolvidos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="84"/>
        <source>Novos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="85"/>
        <source>Acerto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="86"/>
        <source>No Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="98"/>
        <source>o cliente paga %1 em %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="100"/>
        <source>estornar %1 no pagamento original</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="102"/>
        <source>%1 ficam como crédito em loja</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="103"/>
        <source>sem diferença a pagar</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncTab</name>
    <message>
        <location filename="../../ui/sync_tab.py" line="30"/>
        <source>Sincronizar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="50"/>
        <source>Modelo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="50"/>
        <source>Última Sincronização</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="50"/>
        <source>Andamento</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="56"/>
        <source>Sincronizar tudo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="62"/>
        <source>Na frente de cada modelo está a data e hora da última sincronização realizada. Recomenda-se conferir essa data antes de executar uma nova sincronização, otimizando tempo e recursos. A 1ª sincronização é mais demorada; as seguintes trazem apenas as últimas alterações.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="70"/>
        <source>Sincronize os modelos disponíveis na integração.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="87"/>
        <source>Nunca sincronizado</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="97"/>
        <source>Sincronizando…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="114"/>
        <location filename="../../ui/sync_tab.py" line="138"/>
        <source>Concluído</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="114"/>
        <source>Falhou: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="121"/>
        <source>%1 de %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="123"/>
        <source>%1 itens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="126"/>
        <source>faltam ~%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="137"/>
        <source>Falhou</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../ui/tray.py" line="45"/>
        <source>Abrir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="46"/>
        <source>Sincronizar agora</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="47"/>
        <source>Sair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="63"/>
        <source>Tudo enviado ao Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="81"/>
        <source>Envio requer atenção</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="82"/>
        <source>%1 da venda %2 não foi aceito pelo Bling. Veja a Fila de envio.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="89"/>
        <source>Reconexão necessária</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="90"/>
        <source>A autorização do Bling expirou. Abra Integração Bling &gt; Autenticação e clique em Iniciar integração.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <location filename="../../ui/words.py" line="15"/>
        <location filename="../../ui/words.py" line="23"/>
        <source>Requer atenção</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="17"/>
        <location filename="../../ui/words.py" line="26"/>
        <source>Pendente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="18"/>
        <source>Enviada</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="25"/>
        <source>Enviando</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="31"/>
        <location filename="../../ui/words.py" line="47"/>
        <source>Cliente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="32"/>
        <location filename="../../ui/words.py" line="54"/>
        <location filename="../../ui/words.py" line="65"/>
        <source>Venda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="33"/>
        <source>Situação Atendido</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="34"/>
        <source>Lançar estoque</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="35"/>
        <source>Lançar contas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="36"/>
        <source>Referência NFC-e</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="37"/>
        <source>Estornar estoque</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="38"/>
        <source>Estornar contas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="39"/>
        <source>Cancelamento</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="40"/>
        <source>Entrada de estoque (devolução)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="48"/>
        <source>Categoria</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="49"/>
        <source>Produto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="50"/>
        <source>Vendedor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="51"/>
        <source>Formas de pagamento</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="52"/>
        <source>Depósitos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="53"/>
        <source>Situações</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="55"/>
        <source>Autenticação</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="62"/>
        <source>Cancelada</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="64"/>
        <source>Troca</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="72"/>
        <source>Há %1. Aguarde o envio ao Bling antes de começar do zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="80"/>
        <source>O serviço de integração não está disponível nesta instalação.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="83"/>
        <source>Falha na comunicação com o Bling (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="84"/>
        <source>Falha inesperada: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="90"/>
        <source>1 envio pendente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="91"/>
        <source>%1 envios pendentes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="96"/>
        <source>1 envio requer atenção</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="97"/>
        <source>%1 envios requerem atenção</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
