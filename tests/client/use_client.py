#!/usr/bin/env python3
"""A machine client written against a client library generated from the service's own
OpenAPI document, with no hand edits: it gets a token by client credentials, logs a report
and reads what became of it. Run by tests/client/run.sh.

    use_client.py BASE_URL CLIENT_ID CLIENT_SECRET
"""

import base64
import sys

from hotline_client import AuthenticatedClient
from hotline_client.api.clients import client_token
from hotline_client.api.intake import create_report, report_status
from hotline_client.models import (
    ClientCredentials,
    ClientToken,
    ReportCreated,
    ReportRequest,
    ReportStatus,
)


def main():
    base, client_id, secret = sys.argv[1:4]
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    auth = AuthenticatedClient(base_url=base, token=basic, prefix="Basic")
    token = client_token.sync(client=auth, body=ClientCredentials(grant_type="client_credentials"))
    if not isinstance(token, ClientToken):
        raise SystemExit(f"no token: {token}")
    api = AuthenticatedClient(base_url=base, token=token.access_token)
    report = ReportRequest.from_dict({
        "channel": "hotline_111",
        "contact_type": "abuse_report",
        "categories": ["online_sexual_exploitation"],
        "risk_level": "high",
        "place": {"commune_code": 19900},
        "children": [{"name": "Trẻ Từ Phần Mềm", "birth_year": 2013, "sex": "female"}],
        "informant": {"consent_to_store": False, "relation": "parent"},
        "narrative": "Tin báo chuyển từ phần mềm tổng đài.",
    })
    created = create_report.sync(client=api, body=report)
    if not isinstance(created, ReportCreated):
        raise SystemExit(f"not logged: {created}")
    status = report_status.sync(report_id=created.report_id, client=api)
    if not isinstance(status, ReportStatus) or status.case_number != created.case_number:
        raise SystemExit(f"no status: {status}")
    kinds = sorted(r.agency_kind for r in status.referrals)
    print(f"generated client: logged {created.case_number}, status {status.status}, referred to {', '.join(kinds)}")


if __name__ == "__main__":
    main()
