"""Services of the store manager: operators and their Bling vendedores, the DE-PARA, settings as typed, the first-run guide."""
