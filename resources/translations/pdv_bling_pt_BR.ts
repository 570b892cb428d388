<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR" sourcelanguage="pt_BR">
<context>
    <name></name>
    <message>
        <location filename="../../ui/printer_dialog.py" line="34"/>
        <source>%1 mm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="37"/>
        <source>Térmica USB (%1), papel %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="39"/>
        <source>Térmica na porta %1, papel %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="41"/>
        <source>Térmica em rede %1, papel %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="42"/>
        <source>Impressoras do sistema (escolhida ao imprimir), largura do comprovante %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_lines.py" line="58"/>
        <source>Quantidade inválida antes do *.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_lines.py" line="74"/>
        <source>Produto não encontrado: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_lines.py" line="79"/>
        <source>%1 tem variações: escolha o tamanho/cor com ↑↓ e tecle Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_lines.py" line="81"/>
        <source>Escolha o produto com ↑↓ e tecle Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_lines.py" line="124"/>
        <source>Não há item para mudar a quantidade: leia um produto primeiro.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_lines.py" line="126"/>
        <source>Quantidade inválida depois do *: use, por exemplo, *3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_lines.py" line="137"/>
        <source>Quantidade alterada: %1 × %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_lines.py" line="143"/>
        <source>Não há itens para remover.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_lines.py" line="147"/>
        <source>Remover item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_lines.py" line="148"/>
        <source>Remover %1 unidades de %2 da venda?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_lines.py" line="154"/>
        <source>Item removido: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_payments.py" line="76"/>
        <source>Cliente novo: informe o nome.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_payments.py" line="83"/>
        <source>Crédito em loja: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_payments.py" line="86"/>
        <source>Sem crédito em loja.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_payments.py" line="122"/>
        <source>Informe um valor maior que zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_payments.py" line="140"/>
        <source>Não há pagamento para remover.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_payments.py" line="144"/>
        <source>Pagamento removido: %1 %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_payments.py" line="157"/>
        <source>Falta: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_payments.py" line="159"/>
        <source>Troco: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_payments.py" line="161"/>
        <source>Pago a mais: %1 (troco só em dinheiro)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_payments.py" line="163"/>
        <source>Pago</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccountCheckTab</name>
    <message>
        <location filename="../../ui/account_check_tab.py" line="22"/>
        <source>Verificar conta Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_check_tab.py" line="26"/>
        <source>Confere a conta Bling antes das vendas: escopos do aplicativo, situações, depósito, DE-PARA, vendedores, Consumidor Final, códigos de barras, relógio e a fila. Só lê: nada é criado ou alterado no Bling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_check_tab.py" line="59"/>
        <source>Pedindo a verificação ao integrador da loja…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/account_check_tab.py" line="60"/>
        <source>Verificando a conta Bling…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuthTab</name>
    <message>
        <location filename="../../ui/auth_tab.py" line="38"/>
        <location filename="../../ui/auth_tab.py" line="72"/>
        <location filename="../../ui/auth_tab.py" line="78"/>
        <location filename="../../ui/auth_tab.py" line="82"/>
        <source>Iniciar integração</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="40"/>
        <source>Desconectar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="51"/>
        <source>Status da integração.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="63"/>
        <source>(nome não informado)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="64"/>
        <source>✔ Conectado ao Bling: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="66"/>
        <source>Reconectar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="69"/>
        <source>⚠ Reconexão necessária: a autorização do Bling expirou ou foi revogada. As vendas continuam guardadas; clique em Iniciar integração.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="75"/>
        <source>⚠ Nenhum cofre de senhas do sistema disponível: instale e inicie o GNOME Keyring ou o KWallet para guardar a autorização do Bling com segurança. As vendas continuam guardadas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="80"/>
        <source>Não conectado. As vendas ficam guardadas até a integração ser feita.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="86"/>
        <source>1. Clique em %1: o navegador abre o login do Bling.
2. Entre com o usuário administrador principal da conta Bling.
3. Clique em Permitir. O PDV Bling recebe a autorização e mostra o nome da empresa.
4. Em seguida, abra a aba Sincronizar Dados (a primeira sincronização é mais demorada).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="94"/>
        <source>Se o navegador não abrir, copie este endereço:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/auth_tab.py" line="99"/>
        <source>Aguardando a permissão no navegador…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BarcodePage</name>
    <message>
        <location filename="../../ui/first_run_pages.py" line="73"/>
        <source>2. Código de barras</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="74"/>
        <source>Como o leitor encontra os produtos: pelo GTIN/EAN do cadastro do Bling ou pelo SKU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="75"/>
        <source>&amp;GTIN/EAN do produto (recomendado)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="76"/>
        <source>&amp;SKU como código de barras</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="85"/>
        <source>Atenção (manual da integração): caso a loja trabalhe com SKU como código de barras, ative esta função ANTES de iniciar a sincronização. Depois da primeira sincronização de produtos ela fica bloqueada; para mudar é preciso fazer uma Nova integração do zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="95"/>
        <source>Bloqueado: os produtos já foram sincronizados com esta escolha.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckIndicator</name>
    <message>
        <location filename="../../ui/check_status.py" line="53"/>
        <source>A última verificação da conta Bling encontrou erros. Clique para ver como corrigir.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/check_status.py" line="64"/>
        <source>⚠ Conta Bling: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckPage</name>
    <message>
        <location filename="../../ui/first_run_pages.py" line="207"/>
        <source>7. Verificar conta Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="208"/>
        <source>O PDV Bling confere a conta (só leitura). Corrija o que aparecer em vermelho.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckPanel</name>
    <message>
        <location filename="../../ui/check_panel.py" line="66"/>
        <location filename="../../ui/check_panel.py" line="90"/>
        <source>A conta ainda não foi verificada.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/check_panel.py" line="104"/>
        <source>%1 requisições ao Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/check_panel.py" line="106"/>
        <source>Não foi possível verificar (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/check_panel.py" line="110"/>
        <source>✔ Tudo certo com a conta Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/check_panel.py" line="116"/>
        <source>%1 — verificada em %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/check_panel.py" line="123"/>
        <source>a conta Bling não está conectada (Autenticação)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/check_panel.py" line="124"/>
        <source>a autorização do Bling expirou: clique em Iniciar integração na aba Autenticação</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/check_panel.py" line="126"/>
        <source>o Bling não respondeu (sem internet?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/check_panel.py" line="127"/>
        <source>o limite diário de requisições do Bling foi atingido</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/check_panel.py" line="128"/>
        <source>nenhum cofre de senhas do sistema disponível</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckStatus</name>
    <message>
        <location filename="../../ui/check_status.py" line="71"/>
        <source>1 erro</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/check_status.py" line="72"/>
        <source>%1 erros</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectPage</name>
    <message>
        <location filename="../../ui/first_run_pages.py" line="58"/>
        <source>1. Conectar ao Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="59"/>
        <source>Autorize o PDV Bling na conta Bling da loja (usuário administrador principal).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomerPage</name>
    <message>
        <location filename="../../ui/exchange_pages.py" line="153"/>
        <source>Cliente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="154"/>
        <source>Troca e devolução exigem CPF/CNPJ e endereço completo (nota fiscal de devolução).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="155"/>
        <source>CPF/CNPJ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="155"/>
        <source>Nome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="155"/>
        <source>CEP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="155"/>
        <source>Logradouro</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="155"/>
        <source>Número</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="156"/>
        <source>Complemento</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="156"/>
        <source>Bairro</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="156"/>
        <source>Cidade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="156"/>
        <source>UF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="181"/>
        <source>Venda %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="211"/>
        <source>Informe o nome do cliente.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeParaPage</name>
    <message>
        <location filename="../../ui/first_run_pages.py" line="133"/>
        <source>4. DE-PARA das formas de pagamento</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="134"/>
        <source>Relacione cada método de pagamento do PDV a uma forma de pagamento do Bling.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="162"/>
        <source>Cupom de troca da nova venda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="172"/>
        <source>Emita a nota fiscal da nova venda em Últimas vendas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="174"/>
        <location filename="../../ui/new_sale_pages.py" line="139"/>
        <source>Imprimir comprovante (F8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="175"/>
        <source>Imprimir vale-crédito (F9)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="192"/>
        <source>Troca registrada</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="192"/>
        <source>Devolução registrada</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="193"/>
        <source>O Bling será ajustado automaticamente: não é preciso cancelar nada no Bling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="194"/>
        <source>Tudo gravado neste computador.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="198"/>
        <source>Nova venda nº %1 · Total %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="200"/>
        <source>Troco %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="205"/>
        <source>No Bling: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="209"/>
        <source>Saldo de crédito do cliente: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="211"/>
        <source>Crédito concedido: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="214"/>
        <source>Devolver ao cliente %1 no pagamento original.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="224"/>
        <source>Na retaguarda: o integrador da loja ajusta o Bling (nenhuma ação manual no Bling).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="226"/>
        <source>Neste caixa: vai para a retaguarda sozinho, que ajusta o Bling (nenhuma ação manual no Bling).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="228"/>
        <source>Concluído no Bling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="230"/>
        <source>Requer atenção: veja a Fila de envio.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="232"/>
        <source>Na fila: será enviado ao Bling quando houver conexão (nenhuma ação manual no Bling).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="135"/>
        <source>A venda foi guardada neste computador e será enviada ao Bling automaticamente.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="138"/>
        <source>Próxima venda (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="140"/>
        <source>Fechar (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="145"/>
        <source>Cupom de troca</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExchangeWizard</name>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="139"/>
        <source>a venda original será cancelada no Bling com estorno de estoque e contas; a nova venda não é cancelada.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="143"/>
        <source>a venda original será cancelada no Bling com estorno de estoque e contas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="146"/>
        <source>os itens devolvidos voltarão ao estoque do depósito da loja; a venda original continua Atendido.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="254"/>
        <source>Troca/Devolução</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="259"/>
        <source>&lt; &amp;Voltar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="260"/>
        <source>&amp;Avançar &gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="261"/>
        <source>&amp;Confirmar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="262"/>
        <source>&amp;Concluir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="263"/>
        <source>Cancelar</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FindSalePage</name>
    <message>
        <location filename="../../ui/exchange_pages.py" line="62"/>
        <source>Localizar a venda original</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="63"/>
        <source>Digite o número da venda ou leia o cupom de troca impresso no comprovante.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="67"/>
        <source>Número da venda ou cupom de troca (ex.: 12 ou ABCD-EF12)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="69"/>
        <source>Digite o número da venda deste caixa, o caixa e o número de uma venda de outro caixa, ou leia o cupom de troca.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="70"/>
        <source>Ex.: 12 (este caixa), PDV01 15 (outro caixa) ou ABCD-EF12 (cupom)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="74"/>
        <source>Enter busca a venda e avança · Esc cancela</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="77"/>
        <source>Venda ou cupom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="89"/>
        <source>Informe o número da venda ou o cupom de troca.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="96"/>
        <source>Buscando a venda na retaguarda…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="108"/>
        <source>Todos os itens da venda %1 já foram devolvidos.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="122"/>
        <source>Nenhuma venda encontrada com &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="124"/>
        <source>Cupom de troca com erro de digitação: confira o código impresso.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="126"/>
        <source>Código inválido: digite o número da venda ou o cupom de troca (8 caracteres).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_pages.py" line="128"/>
        <source>A venda %1 está cancelada: não há o que trocar.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../ui/first_run.py" line="30"/>
        <source>Primeiros passos — PDV Bling</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Guards</name>
    <message>
        <location filename="../../ui/guards.py" line="25"/>
        <source>Há 1 venda ainda não enviada ao Bling. Ela continua guardada neste computador e será enviada na próxima vez que o PDV Bling estiver aberto e conectado.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guards.py" line="28"/>
        <source>Há %1 vendas ainda não enviadas ao Bling. Elas continuam guardadas neste computador e serão enviadas na próxima vez que o PDV Bling estiver aberto e conectado.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guards.py" line="37"/>
        <source>Sair mesmo assim?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guards.py" line="38"/>
        <source>Sair do PDV Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guards.py" line="42"/>
        <source>Desconectar remove a autorização deste computador no Bling. Nada é enviado até uma nova integração.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guards.py" line="47"/>
        <source>Desconectar?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guards.py" line="48"/>
        <source>Desconectar do Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guards.py" line="52"/>
        <source>Nova integração do zero: uma cópia de segurança dos dados locais será feita e depois serão excluídos os produtos, as categorias e os clientes sem vendas (clientes com vendas ou crédito continuam, desvinculados do Bling antigo). O DE-PARA e as datas de sincronização são zerados.

Continuar?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guards.py" line="58"/>
        <source>Nova integração do zero</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guards.py" line="63"/>
        <source>Há alterações não salvas em %1. Descartar as alterações?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/guards.py" line="65"/>
        <source>Alterações não salvas</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IntegrationWindow</name>
    <message>
        <location filename="../../ui/integration_window.py" line="26"/>
        <location filename="../../ui/integration_window.py" line="27"/>
        <source>Integração Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/integration_window.py" line="29"/>
        <source>Bling + Ponto de Venda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/integration_window.py" line="36"/>
        <source>Autenticação</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/integration_window.py" line="37"/>
        <source>Métodos de Pagamento</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/integration_window.py" line="38"/>
        <source>Sincronizar Dados</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/integration_window.py" line="39"/>
        <source>Logs de API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/integration_window.py" line="42"/>
        <source>Vendedores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/integration_window.py" line="43"/>
        <source>Verificar conta</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ItemsPage</name>
    <message>
        <location filename="../../ui/exchange_items.py" line="121"/>
        <source>Itens da troca</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="122"/>
        <source>À esquerda, o que o cliente devolve; à direita, o que ele leva (vazio = devolução).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="123"/>
        <location filename="../../ui/exchange_items.py" line="157"/>
        <source>Produto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="123"/>
        <source>Vendido</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="123"/>
        <source>Disponível</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="124"/>
        <source>Devolver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="124"/>
        <source>Valor un.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="126"/>
        <source>Devolvidos (F6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="129"/>
        <source>Espaço marca/desmarca · + e − ajustam · número define a quantidade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="148"/>
        <source>Novos (F7)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="150"/>
        <source>Código de barras, SKU ou nome (3*código multiplica)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="157"/>
        <source>Qtd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="157"/>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="165"/>
        <source>Enter adiciona · Delete na lista remove · Enter vazio avança</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="186"/>
        <source>Quantidade inválida antes do *.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="194"/>
        <source>Produto não encontrado: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="197"/>
        <source>Escolha o produto com as setas e tecle Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="225"/>
        <source>Marque ao menos um item devolvido.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="232"/>
        <source>Devolvido %1 · Novos %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="235"/>
        <source>A pagar %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_items.py" line="237"/>
        <source>Crédito %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LogsTab</name>
    <message>
        <location filename="../../ui/logs_tab.py" line="31"/>
        <source>Todos os modelos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="32"/>
        <source>Somente erros</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="33"/>
        <source>Atualizar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="35"/>
        <source>Ação</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="35"/>
        <source>Verificar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="35"/>
        <location filename="../../ui/logs_tab.py" line="55"/>
        <source>Modelo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="35"/>
        <source>Data / Hora</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="35"/>
        <source>Vezes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="38"/>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="47"/>
        <location filename="../../ui/logs_tab.py" line="91"/>
        <source>Sem dados disponíveis.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="52"/>
        <source>Selecione uma linha para ver a verificação sugerida.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="53"/>
        <source>Detalhes técnicos (requisição)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="61"/>
        <source>Logs para resolução de conflitos com a integração.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="76"/>
        <source>%1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="115"/>
        <source>%1 tentativas seguidas, de %2 a %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="118"/>
        <source>Verificar: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="121"/>
        <source>Requisição: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/logs_tab.py" line="123"/>
        <source>Resposta do Bling: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="49"/>
        <source>PDV Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="55"/>
        <source>MODO DEMONSTRAÇÃO — treinamento: as vendas vão para um Bling simulado neste computador, nunca para o Bling real.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="84"/>
        <source>Ações</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="90"/>
        <source>Registrar uma venda no caixa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="91"/>
        <source>Trocar ou devolver itens de uma venda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="92"/>
        <source>Enviar as vendas e buscar o catálogo do Bling agora</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="93"/>
        <source>O que falta enviar ao Bling e o que requer atenção</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="94"/>
        <source>Autenticação, DE-PARA, sincronização e logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="95"/>
        <source>Loja, estoque, impressora e intervalos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="188"/>
        <source>Sincronização feita, mas %1: veja a Fila de envio (F6).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="193"/>
        <source>Sincronização concluída: tudo enviado ao Bling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="109"/>
        <source>Troca/Devolução ainda não está disponível nesta versão.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="90"/>
        <source>Nova venda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="91"/>
        <source>Troca/Devolução</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="92"/>
        <source>Sincronizar agora</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="93"/>
        <source>Fila de envio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="94"/>
        <source>Integração Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="95"/>
        <source>Configurações</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="96"/>
        <source>Primeiros passos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="96"/>
        <source>O guia de configuração da loja, passo a passo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="171"/>
        <source>Sincronizando com o Bling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="181"/>
        <source>Sem conexão com o Bling — nada foi perdido; tentaremos de novo às %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="183"/>
        <source>O Bling não está respondendo (falha do lado do Bling) — nada foi perdido; tentaremos de novo às %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="190"/>
        <source>Sincronização feita; %1 ainda na fila (aguardando nova tentativa).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="227"/>
        <source>PDV Bling continua aberto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="227"/>
        <source>Os envios seguem em segundo plano.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewSaleDialog</name>
    <message>
        <location filename="../../ui/new_sale.py" line="36"/>
        <source>Nova venda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="103"/>
        <source>(nenhum)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="169"/>
        <source>Troco: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="130"/>
        <source>A venda não tem itens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="134"/>
        <source>Os pagamentos passam do total em %1 e só o dinheiro dá troco: remova um pagamento (Del no campo Valor).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="154"/>
        <source>Recebido em dinheiro: %1 para um total de %2 (troco de %3). Confirma o valor?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="157"/>
        <source>Troco alto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="159"/>
        <source>Confira o valor recebido em dinheiro (Del no campo Valor remove o pagamento).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="166"/>
        <source>Venda %1 registrada · Total %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="219"/>
        <source>Cancelar a venda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale.py" line="220"/>
        <source>Cancelar a venda? Os itens e pagamentos digitados serão descartados.</source>
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
    <name>OperatorsBox</name>
    <message>
        <location filename="../../ui/operators_box.py" line="44"/>
        <source>Operadores (vendedor da venda)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/operators_box.py" line="47"/>
        <source>Operador</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/operators_box.py" line="47"/>
        <source>Vendedor no Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/operators_box.py" line="47"/>
        <source>Situação</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/operators_box.py" line="50"/>
        <source>Nenhum (não enviado ao Bling)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/operators_box.py" line="51"/>
        <source>Ativo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/operators_box.py" line="51"/>
        <source>Desativado</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/operators_box.py" line="57"/>
        <source>Nome do operador</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/operators_box.py" line="60"/>
        <source>Adicionar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/operators_box.py" line="61"/>
        <source>Ligar ao vendedor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/operators_box.py" line="62"/>
        <location filename="../../ui/operators_box.py" line="117"/>
        <source>Desativar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/operators_box.py" line="102"/>
        <source>Sem vendedor do Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/operators_box.py" line="117"/>
        <source>Reativar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/operators_box.py" line="122"/>
        <source>Operador %1 adicionado.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/operators_box.py" line="128"/>
        <source>Vínculo salvo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/operators_box.py" line="134"/>
        <source>Operador reativado.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/operators_box.py" line="134"/>
        <source>Operador desativado.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OutboxWindow</name>
    <message>
        <location filename="../../ui/outbox_window.py" line="56"/>
        <source>Fila de envio ao Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="60"/>
        <source>Tipo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="61"/>
        <source>Venda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="62"/>
        <source>Situação</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="63"/>
        <source>Tentativas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="64"/>
        <source>Próxima tentativa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="65"/>
        <source>Último problema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="84"/>
        <source>Selecione um item para ver o problema e a correção sugerida.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="85"/>
        <source>Detalhes técnicos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="140"/>
        <source>após o item anterior da venda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="175"/>
        <source>Nenhum problema registrado.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="180"/>
        <source>Detalhes técnicos: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="136"/>
        <source>após o item que requer atenção</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="141"/>
        <source>agora</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="87"/>
        <source>Tentar novamente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="88"/>
        <source>Tentar novamente todos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="89"/>
        <source>Enviar agora</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="90"/>
        <source>Já está no Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="92"/>
        <source>Use depois de conferir no Bling que o lançamento existe (o Bling não permite consultá-lo).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="138"/>
        <source>em andamento</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="155"/>
        <source>Nada aguardando envio: tudo foi entregue ao Bling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/outbox_window.py" line="177"/>
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
        <location filename="../../ui/payments_tab.py" line="37"/>
        <source>Salvar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/payments_tab.py" line="41"/>
        <source>● Não salvo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/payments_tab.py" line="45"/>
        <source>Relacione cada método de pagamento do PDV com a forma de pagamento do Bling. É obrigatório: vendas pagas com um método não informado ficam aguardando.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/payments_tab.py" line="54"/>
        <source>Defina as configurações para métodos de pagamento.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/payments_tab.py" line="79"/>
        <source>Não informado</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/payments_tab.py" line="84"/>
        <source>Forma %1 (inativa no Bling)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/payments_tab.py" line="94"/>
        <source>Nenhuma forma de pagamento do Bling ainda: sincronize o modelo Formas de pagamento.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/payments_tab.py" line="117"/>
        <source>1 método sem forma de pagamento do Bling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/payments_tab.py" line="118"/>
        <source>%1 métodos sem forma de pagamento do Bling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/payments_tab.py" line="136"/>
        <source>✔ Salvo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/payments_tab.py" line="122"/>
        <source>Todos os métodos estão relacionados.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterBox</name>
    <message>
        <location filename="../../ui/printer_dialog.py" line="174"/>
        <source>Impressora de comprovantes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="178"/>
        <source>Configurar impressora…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterDialog</name>
    <message>
        <location filename="../../ui/printer_dialog.py" line="49"/>
        <source>Impressora de comprovantes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="51"/>
        <source>Impressoras do sistema (visualizar, qualquer impressora, PDF)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="52"/>
        <source>Térmica ESC/POS na USB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="52"/>
        <source>Térmica ESC/POS na porta serial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="53"/>
        <source>Térmica ESC/POS em rede</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="59"/>
        <source>80 mm (48 colunas)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="60"/>
        <source>58 mm (32 colunas)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="63"/>
        <source>ex.: 0483</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="64"/>
        <source>ex.: 5743</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="65"/>
        <source>ex.: COM3 ou /dev/ttyUSB0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="66"/>
        <source>ex.: 192.168.0.50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="68"/>
        <source>Id do fabricante</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="68"/>
        <source>Id do produto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="69"/>
        <location filename="../../ui/printer_dialog.py" line="70"/>
        <source>Porta</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="69"/>
        <source>Velocidade (baud)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="70"/>
        <source>Endereço (IP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="80"/>
        <source>Nome da loja
Endereço
Telefone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="90"/>
        <source>Imprimir em</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="91"/>
        <source>Papel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="93"/>
        <source>Cabeçalho (até 3 linhas)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="94"/>
        <source>Imprimir teste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/printer_dialog.py" line="103"/>
        <source>Os comprovantes não são documento fiscal: a NFC-e continua sendo emitida pelo PDV.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PullPage</name>
    <message>
        <location filename="../../ui/first_run_pages.py" line="109"/>
        <source>3. Primeira sincronização</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="110"/>
        <source>Traga do Bling os produtos, categorias, vendedores, formas de pagamento e depósitos.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReadyPage</name>
    <message>
        <location filename="../../ui/first_run_pages.py" line="219"/>
        <source>8. Pronto para vender</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="219"/>
        <source>A integração está configurada.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="228"/>
        <source>No caixa: Nova venda (F2), Troca/Devolução (F3), Sincronizar agora (F5). As vendas ficam guardadas neste computador e vão ao Bling sozinhas, com ou sem internet no momento da venda. Faça a primeira venda de teste depois de conferir vendedores, clientes e vendas (manual da integração). Este guia pode ser aberto de novo pelo botão Primeiros passos.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="240"/>
        <source>A conta ainda não foi verificada: volte ao passo 7.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="246"/>
        <source>✔ Tudo pronto para vender.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="243"/>
        <source>A verificação encontrou %1: as vendas ficam guardadas, mas corrija antes de vender, em Integração Bling &gt; Verificar conta.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="248"/>
        <source>(%1 no passo 7.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="254"/>
        <source>Código de barras: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="254"/>
        <source>SKU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="254"/>
        <source>GTIN/EAN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="255"/>
        <source>Estoque e contas: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="255"/>
        <source>transições do Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="256"/>
        <source>lançados pela integração</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="257"/>
        <source>Depósito: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="257"/>
        <source>padrão da conta Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="258"/>
        <source>DE-PARA: %1 de %2 métodos relacionados</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="259"/>
        <source>Operadores vinculados a vendedores do Bling: %1 de %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResultCard</name>
    <message>
        <location filename="../../ui/check_panel.py" line="41"/>
        <source>… e mais %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/check_panel.py" line="47"/>
        <source>Como corrigir: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RetaguardaIndicator</name>
    <message>
        <location filename="../../ui/retaguarda_indicator.py" line="25"/>
        <source>nunca</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/retaguarda_indicator.py" line="47"/>
        <source>Retaguarda: conectando…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/retaguarda_indicator.py" line="48"/>
        <source>Este caixa repassa as vendas à retaguarda da loja, que as envia ao Bling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/retaguarda_indicator.py" line="50"/>
        <source>Retaguarda: recusou os registros deste caixa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/retaguarda_indicator.py" line="53"/>
        <source>Retaguarda: conectada · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/retaguarda_indicator.py" line="54"/>
        <source>Último contato com a retaguarda: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/retaguarda_indicator.py" line="57"/>
        <source>Retaguarda: sem conexão desde %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/retaguarda_indicator.py" line="60"/>
        <source>As vendas continuam sendo registradas neste caixa e vão para a retaguarda sozinhas quando a conexão voltar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/retaguarda_indicator.py" line="63"/>
        <source>Neste caixa: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SaleLocation</name>
    <message>
        <location filename="../../ui/sale_location.py" line="21"/>
        <source>No Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sale_location.py" line="23"/>
        <source>Na retaguarda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sale_location.py" line="24"/>
        <source>Neste caixa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sale_location.py" line="31"/>
        <source>Onde está a venda</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SalePage</name>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="34"/>
        <source>Código de barras, SKU ou nome do produto (3*código multiplica)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="43"/>
        <source>Produto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="43"/>
        <source>SKU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="43"/>
        <source>Qtd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="43"/>
        <source>Unitário</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="43"/>
        <location filename="../../ui/new_sale_pages.py" line="110"/>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="54"/>
        <source>Enter ou F2 muda a quantidade · Del remove o item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="56"/>
        <source>Produto (F1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="72"/>
        <source>CPF ou CNPJ (opcional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="75"/>
        <source>Nome do cliente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="77"/>
        <source>Vendedor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="78"/>
        <source>Cliente (F3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="83"/>
        <source>Valor (Enter adiciona)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="84"/>
        <source>Pagamento (F4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="85"/>
        <source>Valor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="88"/>
        <source>Del remove o pagamento escolhido</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="95"/>
        <source>Finalizar venda (F10)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="99"/>
        <source>↑↓ escolhe o item · *N muda a quantidade · Del remove · Esc cancela · F10 finaliza</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/new_sale_pages.py" line="110"/>
        <source>Pago</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SalesPanel</name>
    <message>
        <location filename="../../ui/sales_panel.py" line="46"/>
        <source>Últimas vendas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="49"/>
        <source>Buscar por número, cupom de troca ou cliente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="51"/>
        <source>NFC-e da venda…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="53"/>
        <source>Imprimir comprovante (F8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="59"/>
        <source>Nº</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="60"/>
        <source>Data/Hora</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="61"/>
        <source>Tipo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="62"/>
        <source>Cliente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="63"/>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="64"/>
        <source>Cupom de troca</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sale_location.py" line="32"/>
        <source>Envio ao Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="66"/>
        <source>NFC-e</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="72"/>
        <source>Consumidor final</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="76"/>
        <source>Informada</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="134"/>
        <source>Ver NFC-e</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="134"/>
        <source>Informar NFC-e…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="153"/>
        <source>Comprovante da venda %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="156"/>
        <source>Comprovante da troca nº %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sales_panel.py" line="156"/>
        <source>Comprovante da devolução nº %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SellersPage</name>
    <message>
        <location filename="../../ui/first_run_pages.py" line="150"/>
        <source>5. Vendedores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="151"/>
        <source>Cadastre os operadores do caixa e vincule cada um a um vendedor do Bling.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SellersTab</name>
    <message>
        <location filename="../../ui/sellers_tab.py" line="37"/>
        <source>Operador (PDV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sellers_tab.py" line="37"/>
        <source>Vendedor (Bling)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sellers_tab.py" line="40"/>
        <source>Nome do novo operador</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sellers_tab.py" line="42"/>
        <source>&amp;Adicionar operador</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sellers_tab.py" line="44"/>
        <source>&amp;Criar operadores dos vendedores do Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sellers_tab.py" line="46"/>
        <source>&amp;Salvar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sellers_tab.py" line="50"/>
        <source>● Não salvo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sellers_tab.py" line="54"/>
        <source>Vincule cada operador do caixa a um vendedor do Bling: a venda vai ao Bling com esse vendedor (comissão). Sem vínculo, vai sem vendedor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sellers_tab.py" line="92"/>
        <source>Sem vínculo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sellers_tab.py" line="94"/>
        <source>%1 (inativo no Bling)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sellers_tab.py" line="98"/>
        <source>Vendedor %1 (não existe no Bling)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sellers_tab.py" line="108"/>
        <source>Nenhum vendedor do Bling ainda: sincronize o modelo Vendedor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sellers_tab.py" line="126"/>
        <source>Nenhum operador cadastrado: as vendas vão ao Bling sem vendedor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sellers_tab.py" line="132"/>
        <source>Todos os operadores estão vinculados.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sellers_tab.py" line="139"/>
        <source>Vínculos salvos.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sellers_tab.py" line="143"/>
        <source>Operador adicionado.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sellers_tab.py" line="147"/>
        <source>Operadores criados a partir dos vendedores do Bling.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/settings_dialog.py" line="43"/>
        <source>Configurações</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="49"/>
        <source>id do canal de venda (loja) no Bling; vazio = nenhum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="50"/>
        <source>Transições do Bling (Em aberto → Atendido lança estoque e contas)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="51"/>
        <source>Lançar estoque e contas pela integração</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="55"/>
        <source>Usar o SKU como código de barras</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="59"/>
        <source>Enviar o cliente da venda ao Bling (desmarcado: Consumidor Final)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="60"/>
        <source>Emitir nota fiscal de devolução automaticamente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="61"/>
        <source>Crédito de clientes positivo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="62"/>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="63"/>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="71"/>
        <source>Loja com vários caixas: depósito, canal de venda, estoque e contas, código de barras, cliente e troca valem para a loja inteira e são salvos na retaguarda. O terminal é definido pela retaguarda; os intervalos de envio e de catálogo são os do integrador.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="93"/>
        <source>● Não salvo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="106"/>
        <source>Definido pela retaguarda ao entrar na loja (pdv-bling store join).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="110"/>
        <source>Loja e integração</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="112"/>
        <source>Terminal (PDV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="113"/>
        <source>Depósito do Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="114"/>
        <source>Canal de venda (loja)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="115"/>
        <source>Estoque e contas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="120"/>
        <source>Enviar vendas a cada</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="121"/>
        <source>Buscar catálogo a cada</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="125"/>
        <source>Troca/Devolução (pré-requisitos)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="132"/>
        <location filename="../../ui/settings_dialog.py" line="249"/>
        <source>Nova integração do zero</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="135"/>
        <source>Para migrar para outra conta ou integração do Bling: faz uma cópia de segurança e apaga produtos, categorias e clientes locais trazidos da integração anterior. Recusado enquanto houver envios pendentes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="138"/>
        <source>Nova integração do zero…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="179"/>
        <source>Padrão da conta Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="184"/>
        <source>Depósito %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="192"/>
        <source>Bloqueado: os produtos já foram sincronizados. Para mudar, use Nova integração do zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="194"/>
        <source>Escolha antes da primeira sincronização de produtos; depois ela fica bloqueada.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="250"/>
        <source>Não é possível agora: há %1, da integração atual. Aguarde o envio (veja Fila de envio, F6) e tente de novo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/settings_dialog.py" line="267"/>
        <source>Pronto. Cópia de segurança: %1. Excluídos %2 produtos e %3 categorias. Agora faça a nova integração e sincronize.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettlementPage</name>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="71"/>
        <source>Acerto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="72"/>
        <source>Diferença a pagar, crédito em loja ou estorno, conforme os valores.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="78"/>
        <source>Manter como crédito em loja</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="100"/>
        <source>&amp;Dividir: receber este valor e outra forma</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="103"/>
        <source>Desfazer divisão</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="114"/>
        <source>Forma de pagamento</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="115"/>
        <source>Valor recebido</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="133"/>
        <source>Devolvido %1 · Novos %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="135"/>
        <source>Saldo atual de crédito do cliente: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="142"/>
        <source>O cliente paga a diferença: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="145"/>
        <source>Fica de crédito para o cliente: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="147"/>
        <source>Sem diferença: nada a pagar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="151"/>
        <source>Devolução de %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="153"/>
        <source>Estornar ao cliente no pagamento original (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="181"/>
        <source>Escolha a forma e informe um valor maior que zero para dividir.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="212"/>
        <source>Falta: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="215"/>
        <source>Troco: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_settlement.py" line="225"/>
        <source>Nenhuma forma de pagamento ativa.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SingleApp</name>
    <message>
        <location filename="../../ui/single_app.py" line="53"/>
        <source>O PDV Bling já está aberto nesta pasta de dados: a janela dele foi trazida para a frente.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/single_app.py" line="56"/>
        <source>PDV Bling já está aberto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/single_app.py" line="56"/>
        <source>O PDV Bling já está aberto nesta pasta de dados (%1), mas não respondeu. Procure a janela dele ou o ícone na bandeja do sistema; se ele travou, feche-o e abra de novo. Um segundo PDV Bling na mesma pasta não é aberto: as vendas seriam enviadas por dois programas.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SlipDialog</name>
    <message>
        <location filename="../../ui/slip_print.py" line="57"/>
        <source>Salvar comprovante em PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/slip_print.py" line="58"/>
        <source>PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/slip_print.py" line="104"/>
        <source>Impressora térmica %1 mm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/slip_print.py" line="105"/>
        <source>Impressoras do sistema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/slip_print.py" line="106"/>
        <source>Imprimir (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/slip_print.py" line="109"/>
        <source>Visualizar impressão…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/slip_print.py" line="110"/>
        <source>Salvar PDF… (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/slip_print.py" line="111"/>
        <source>Fechar (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/slip_print.py" line="119"/>
        <source>Impressora: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/slip_print.py" line="133"/>
        <source>Imprimindo na impressora térmica…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/slip_print.py" line="143"/>
        <source>Enviado para a impressora.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/slip_print.py" line="148"/>
        <source>Impresso na impressora térmica.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/slip_print.py" line="164"/>
        <source>Não foi possível gravar o PDF: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/slip_print.py" line="164"/>
        <source>erro do sistema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/slip_print.py" line="167"/>
        <source>PDF gravado em %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/slip_print.py" line="194"/>
        <source>Comprovante</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StartupScreen</name>
    <message>
        <location filename="../../ui/startup.py" line="29"/>
        <location filename="../../ui/startup.py" line="31"/>
        <source>PDV Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="33"/>
        <source>Abrindo os dados deste caixa…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="37"/>
        <source>Modo demonstração: o primeiro início prepara um catálogo de exemplo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="53"/>
        <source>Preparando o catálogo: %1 %2 de %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/startup.py" line="57"/>
        <source>Preparando o catálogo: %1…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../ui/status_bar.py" line="39"/>
        <source>● Reconexão necessária</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="41"/>
        <source>● Bling não conectado</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="43"/>
        <source>● Offline (vendas guardadas)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="45"/>
        <source>● Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="50"/>
        <source>Nenhuma venda pendente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="51"/>
        <source>Nenhuma venda requer atenção</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="52"/>
        <source>Abrir a Fila de envio (F6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="55"/>
        <source>Última sincronização: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="55"/>
        <source>nunca</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <location filename="../../ui/first_run_pages.py" line="167"/>
        <source>6. Estoque e contas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="168"/>
        <source>Como as vendas baixam o estoque e lançam as contas no Bling, e em qual depósito.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="169"/>
        <source>&amp;Transições do Bling (Em aberto → Atendido lança estoque e contas)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="170"/>
        <source>&amp;Lançar estoque e contas pela integração</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="176"/>
        <source>&amp;Depósito do Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="179"/>
        <source>Com transições, configure no Bling (Perfil da empresa &gt; Todas as configurações &gt; Sistema &gt; Gerenciador de transições): Em aberto → Atendido com Lançar estoque e Lançar contas; Atendido → Cancelado com Estornar estoque e Estornar contas. Salve.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/first_run_pages.py" line="189"/>
        <source>Padrão da conta Bling</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StoreAuthTab</name>
    <message>
        <location filename="../../ui/store_auth_tab.py" line="38"/>
        <source>Este computador é um caixa da loja: a conexão com o Bling é feita no integrador da loja.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/store_auth_tab.py" line="41"/>
        <source>Consultando a retaguarda…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/store_auth_tab.py" line="45"/>
        <source>Atualizar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/store_auth_tab.py" line="48"/>
        <source>Nada precisa ser conectado neste caixa. Para conectar ou reconectar o Bling da loja, no computador do integrador (retaguarda): pdv-bling connect, depois pdv-bling integrator (veja o README, &quot;Loja com vários caixas&quot;). As vendas deste caixa vão para a retaguarda e de lá para o Bling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/store_auth_tab.py" line="54"/>
        <source>Status da integração.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/store_auth_tab.py" line="81"/>
        <source>Este caixa: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/store_auth_tab.py" line="87"/>
        <source>Retaguarda: sem conexão</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/store_auth_tab.py" line="89"/>
        <source>As vendas continuam sendo registradas neste caixa e vão para a retaguarda sozinhas quando a conexão voltar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/store_auth_tab.py" line="98"/>
        <source>Integrador: ativo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/store_auth_tab.py" line="99"/>
        <source>em %1, último sinal %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/store_auth_tab.py" line="102"/>
        <source>Integrador: parado</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/store_auth_tab.py" line="103"/>
        <source>as vendas ficam guardadas na retaguarda até ele voltar. No computador da retaguarda, inicie o serviço pdv-bling integrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/store_auth_tab.py" line="110"/>
        <source>Requisições ao Bling hoje (loja inteira): %1 de %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/store_auth_tab.py" line="117"/>
        <source>último contato %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/store_auth_tab.py" line="120"/>
        <source>Caixas da loja</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StoreMode</name>
    <message>
        <location filename="../../ui/store_mode.py" line="46"/>
        <source>Loja com vários caixas: estas telas mostram a retaguarda (todos os caixas da loja).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/store_mode.py" line="56"/>
        <source>Retaguarda sem conexão: mostrando a cópia deste caixa; alterações só com a retaguarda.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/store_mode.py" line="125"/>
        <source>Fila da loja (todos os caixas): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/store_mode.py" line="128"/>
        <source>%1 ainda neste caixa</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="61"/>
        <source>Conferir e confirmar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="62"/>
        <source>Nada foi gravado ainda. Confirme para registrar a troca neste computador.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="64"/>
        <source>&amp;Confirmar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="69"/>
        <source>44 dígitos (opcional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="73"/>
        <source>Chave da nota de devolução</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="86"/>
        <source>nenhum (devolução)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="88"/>
        <source>Venda original</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="89"/>
        <source>Cliente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="90"/>
        <source>Devolvidos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="91"/>
        <source>Novos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="92"/>
        <source>Acerto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="93"/>
        <source>No Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="105"/>
        <source>o cliente paga %1 em %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="107"/>
        <source>estornar %1 no pagamento original</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="109"/>
        <source>%1 ficam como crédito em loja</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="110"/>
        <source>sem diferença a pagar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/exchange_wizard.py" line="119"/>
        <source>Registrando (conferindo na retaguarda)…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncTab</name>
    <message>
        <location filename="../../ui/sync_tab.py" line="31"/>
        <source>Sincronizar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="51"/>
        <source>Modelo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="51"/>
        <source>Última Sincronização</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="51"/>
        <source>Andamento</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="57"/>
        <source>Sincronizar tudo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="63"/>
        <source>Na frente de cada modelo está a data e hora da última sincronização realizada. Recomenda-se conferir essa data antes de executar uma nova sincronização, otimizando tempo e recursos. A 1ª sincronização é mais demorada; as seguintes trazem apenas as últimas alterações.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="72"/>
        <source>Loja com vários caixas: o integrador da loja sincroniza com o Bling (todos os modelos) e os caixas copiam da retaguarda. As datas são as da loja. Sincronizar pede ao integrador uma sincronização agora.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="75"/>
        <source>Sincronize os modelos disponíveis na integração.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="98"/>
        <source>Nunca sincronizado</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="108"/>
        <source>Sincronizando…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="127"/>
        <location filename="../../ui/sync_tab.py" line="151"/>
        <source>Concluído</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="127"/>
        <source>Falhou: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="134"/>
        <source>%1 de %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="136"/>
        <source>%1 itens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="139"/>
        <source>faltam ~%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync_tab.py" line="150"/>
        <source>Falhou</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../ui/tray.py" line="47"/>
        <source>Abrir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="48"/>
        <source>Sincronizar agora</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="49"/>
        <source>Sair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="72"/>
        <source>Tudo enviado ao Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="88"/>
        <source>Envio requer atenção</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="89"/>
        <source>%1 da venda %2 não foi aceito pelo Bling. Veja a Fila de envio.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="96"/>
        <source>Reconexão necessária</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="97"/>
        <source>A autorização do Bling expirou. Abra Integração Bling (F7) &gt; Autenticação e clique em Iniciar integração.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="102"/>
        <source>Conta Bling com %1: veja Verificar conta</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="105"/>
        <source>A verificação da conta Bling encontrou %1. Abra Integração Bling &gt; Verificar conta.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="104"/>
        <source>Verificar conta Bling</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <location filename="../../ui/words.py" line="24"/>
        <location filename="../../ui/words.py" line="33"/>
        <source>Requer atenção</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="26"/>
        <location filename="../../ui/words.py" line="39"/>
        <source>Pendente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="27"/>
        <source>Enviada</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="34"/>
        <location filename="../../ui/words.py" line="35"/>
        <source>Enviando</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="36"/>
        <source>A conferir no Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="37"/>
        <source>Aguardando</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="44"/>
        <location filename="../../ui/words.py" line="60"/>
        <source>Cliente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="45"/>
        <location filename="../../ui/words.py" line="67"/>
        <location filename="../../ui/words.py" line="86"/>
        <source>Venda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="46"/>
        <source>Situação Atendido</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="47"/>
        <source>Lançar estoque</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="48"/>
        <source>Lançar contas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="49"/>
        <source>Referência NFC-e</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="50"/>
        <source>Estornar estoque</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="51"/>
        <source>Estornar contas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="52"/>
        <source>Cancelamento</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="53"/>
        <source>Entrada de estoque (devolução)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="61"/>
        <source>Categoria</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="62"/>
        <source>Produto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="63"/>
        <source>Vendedor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="64"/>
        <source>Formas de pagamento</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="65"/>
        <source>Depósitos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="66"/>
        <source>Situações</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="68"/>
        <location filename="../../ui/words.py" line="74"/>
        <source>Autenticação</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="70"/>
        <source>Pedidos de venda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="71"/>
        <source>Contatos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="72"/>
        <source>Estoque</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="73"/>
        <source>Conta Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="76"/>
        <source>Outros</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="81"/>
        <location filename="../../ui/words.py" line="92"/>
        <source>Cancelada</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="83"/>
        <source>Devolvida</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="85"/>
        <source>Troca</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="94"/>
        <source>Troca (da venda %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="98"/>
        <source>trocada</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="99"/>
        <source>devolvida</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="100"/>
        <source>Venda %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="102"/>
        <source>troca parcial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="103"/>
        <source>devolução parcial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="112"/>
        <source>Há %1. Aguarde o envio ao Bling antes de começar do zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="122"/>
        <source>Outro programa (um comando pdv-bling) está enviando a fila desta pasta de dados agora: nada foi perdido; tente de novo em instantes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="128"/>
        <source>Falha inesperada: nada foi perdido. Os detalhes estão no arquivo de log do PDV Bling (pasta logs).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="142"/>
        <source>1 venda pendente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="143"/>
        <source>%1 vendas pendentes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="148"/>
        <source>1 erro</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="149"/>
        <source>%1 erros</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="154"/>
        <source>1 ponto de atenção</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="155"/>
        <source>%1 pontos de atenção</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="160"/>
        <source>1 registro ainda não repassado à retaguarda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="161"/>
        <source>%1 registros ainda não repassados à retaguarda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="166"/>
        <source>1 não repassado</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="167"/>
        <source>%1 não repassados</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="172"/>
        <source>1 operador sem vendedor do Bling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="173"/>
        <source>%1 operadores sem vendedor do Bling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="178"/>
        <source>Fila da loja: %1 · %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="179"/>
        <source>1 pendente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="180"/>
        <source>%1 pendentes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="181"/>
        <source>1 requer atenção</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="182"/>
        <source>%1 requerem atenção</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="183"/>
        <source>1 enviado</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="184"/>
        <source>%1 enviados</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="189"/>
        <source>1 venda requer atenção</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="190"/>
        <source>%1 vendas requerem atenção</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="196"/>
        <source>1 venda ainda não enviada ao Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="197"/>
        <source>%1 vendas ainda não enviadas ao Bling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="135"/>
        <source>1 envio pendente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/words.py" line="136"/>
        <source>%1 envios pendentes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
