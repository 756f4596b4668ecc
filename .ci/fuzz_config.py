"""Write a schemathesis config with real article ids, timing tickets and read tokens."""

import json
import sys
import urllib.request

base, target = sys.argv[1], sys.argv[2]


def get(path):
    with urllib.request.urlopen(base + path) as response:
        return response.read().decode()


listing = "/api/v2/pages/?type=wagtail_analytics.AnalyticsArticle&limit=5"
ids = [item["id"] for item in json.loads(get(listing))["items"]]
tickets, tokens = [], []
for article_id in ids:
    tickets.append(json.loads(get(f"/api/analytics/articles/{article_id}/discussion/"))["ticket"])
    tokens.append(json.loads(get(f"/api/v2/pages/{article_id}/"))["read_token"])


def toml_list(values):
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


with open(target, "w") as out:
    out.write(
        f"""
[dictionaries.article_ids]
values = {toml_list(ids)}
[dictionaries.tickets]
values = {toml_list(tickets)}
[dictionaries.read_tokens]
values = {toml_list(tokens)}

[parameters]
"path.article_id" = {{ dictionary = "article_ids", probability = 0.9 }}
"body.ticket" = {{ dictionary = "tickets", probability = 0.7 }}
"body.token" = {{ dictionary = "read_tokens", probability = 0.7 }}
"""
    )
print(f"fuzz config: articles {ids}")
