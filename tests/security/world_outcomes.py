"""The outcome documents of the security walks' world (issue 12): a public one and a body-level one of the world's
public meeting, published with their signatories and scans, and a draft."""

from django.core.files.base import ContentFile

from meetings import services
from tests.meetings.outcome_helpers import outcome_make


def outcomes_add(*, meeting, staff, states) -> dict:
    signers = [("Nurlan Example", states["KZ"], "Minister"), ("Aibek Sample", states["KG"], "Minister")]
    documents = {
        "public": outcome_make(meeting=meeting, by=staff, access="public", signatories=signers),
        "body": outcome_make(meeting=meeting, by=staff, access="body", signatories=signers),
        "draft": outcome_make(meeting=meeting, by=staff, access="public", signatories=signers, publish=False),
    }
    from tests.security.conftest import small_pdf

    for document in documents.values():
        services.outcome_scan_upload(document=document, file=ContentFile(small_pdf(), name="signed.pdf"), by=staff)
    return documents
