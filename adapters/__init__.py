"""Platform edges: Slack, Teams, the terminal, the HTTP server and the command line."""
