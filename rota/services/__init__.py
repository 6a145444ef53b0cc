"""The rota's rules. The API, the volunteer's page, the admin and the commands all call these."""
