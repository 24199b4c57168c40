from __future__ import annotations

from tests.conftest import client_for


def test_probe(workshop, participant, phone):
    for url in ["/j/%00/", f"/w/%00/", "/s/%00/", "/invite/%00/", "/accounts/signup/?invite=%00", "/join/?code=%00"]:
        try:
            r = client_for().get(url)
            print(url, r.status_code)
        except Exception as e:
            print(url, "EXC", type(e).__name__, e)
    r = phone.post(f"/w/{workshop.public_id}/save/", '{"entries": [], "fields": {"profession": {"value": "a\\u0000b", "rev": 5}}}', content_type="application/json")
    print(r.status_code, r.content)
