"""Outcome documents for tests, made through the services as the secretariat makes them."""

import datetime
import itertools

from meetings import services
from meetings.models import OutcomeDocument, Signatory

_numbers = itertools.count(1)


def outcome_make(
    *,
    meeting,
    by,
    access="public",
    publish=True,
    signatories=(),
    kind="protocol",
    texts=None,
    authoritative="ru",
    reference=None,
) -> OutcomeDocument:
    """A document of `meeting` with `signatories` ((name, state or organisation, capacity) each), published."""
    n = next(_numbers)
    texts = texts or {
        "title_ru": f"Протокол {n}",
        "text_ru": "Стороны договорились укреплять сотрудничество.",
        "title_en": f"Protocol {n}",
        "text_en": "The parties agreed to strengthen cooperation.",
        "place_ru": "Чолпон-Ата",
        "place_en": "Cholpon-Ata",
    }
    document = services.outcome_create(
        document=OutcomeDocument(
            meeting=meeting,
            kind=kind,
            reference=reference or f"TEST/{n}",
            authoritative_language=authoritative,
            adopted_on=datetime.date(2024, 8, 15),
            access=access,
            **texts,
        ),
        by=by,
    )
    for order, (name, party, capacity) in enumerate(signatories, 1):
        party_field = "for_state" if party._meta.model_name == "memberstate" else "for_organisation"
        services.signatory_add(
            signatory=Signatory(
                document=document,
                order=order,
                full_name=name,
                capacity_en=capacity,
                signed_on=datetime.date(2024, 8, 15),
                place_en="Cholpon-Ata",
                **{party_field: party},
            ),
            by=by,
        )
    if publish:
        document = services.outcome_publish(document=document, by=by)
    return document
