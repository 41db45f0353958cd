"""Signpost in Slack: slack-bolt's AsyncApp on the aiohttp server (`POST /slack/events`)."""
