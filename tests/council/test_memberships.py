"""Membership terms, roles and the rules the database itself enforces."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from council import services
from council.models import AuditRecord, Membership
from council.selectors import members_current, memberships_of
from tests.factories import MembershipFactory, UserFactory

D = datetime.date


@pytest.mark.django_db
class TestTerms:
    def test_a_term_counts_from_its_first_to_its_last_day(self, group_a):
        m = MembershipFactory(body=group_a, term_start=D(2024, 5, 14), term_end=D(2025, 5, 13))
        for day, counted in [
            (D(2024, 5, 13), False),
            (D(2024, 5, 14), True),
            (D(2025, 5, 13), True),
            (D(2025, 5, 14), False),
        ]:
            assert (m in members_current(body=group_a, on=day)) is counted
            assert m.is_active_on(day) is counted

    def test_an_open_ended_term_counts_on_any_later_day(self, group_a):
        m = MembershipFactory(body=group_a, term_start=D(2024, 5, 14), term_end=None)
        assert m in members_current(body=group_a, on=D(2040, 1, 1))
        assert m not in members_current(body=group_a, on=D(2024, 5, 13))

    def test_bodies_of_a_person_lists_only_current_seats(self, group_a, group_b, member):
        MembershipFactory(person=member, body=group_a, term_start=D(2024, 1, 1), term_end=D(2024, 12, 31))
        MembershipFactory(person=member, body=group_b, term_start=D(2025, 1, 1))
        assert [m.body for m in memberships_of(person=member, on=D(2024, 6, 1))] == [group_a]
        assert [m.body for m in memberships_of(person=member, on=D(2025, 6, 1))] == [group_b]

    def test_a_person_can_return_to_a_body_after_a_term_ends(self, group_a, member):
        services.membership_create(person=member, body=group_a, term_start=D(2024, 1, 1), term_end=D(2024, 6, 30))
        again = services.membership_create(person=member, body=group_a, term_start=D(2024, 7, 1))
        assert again.pk


@pytest.mark.django_db
class TestRoles:
    @pytest.mark.parametrize(
        ("role", "holds"),
        [("chair", True), ("co_chair", True), ("member", True), ("observer", False), ("secretary", False)],
    )
    def test_only_chairs_and_members_hold_a_position_in_consensus(self, role, holds):
        assert MembershipFactory.build(role=role).holds_position is holds

    def test_a_focal_point_must_represent_a_state(self, group_a, member):
        with pytest.raises(ValidationError):
            services.membership_create(person=member, body=group_a, term_start=D(2024, 1, 1), is_focal_point=True)
        assert not Membership.objects.exists()

    def test_a_focal_point_representing_a_state_is_accepted(self, group_a, member, states):
        m = services.membership_create(
            person=member, body=group_a, term_start=D(2024, 1, 1), represents_state=states["UZ"], is_focal_point=True
        )
        assert m.is_focal_point


@pytest.mark.django_db
class TestServicesRefuseBadTerms:
    def test_an_end_before_the_start_is_refused_with_a_message(self, group_a, member):
        with pytest.raises(ValidationError) as exc:
            services.membership_create(person=member, body=group_a, term_start=D(2024, 5, 1), term_end=D(2024, 4, 1))
        assert "не может заканчиваться раньше" in str(exc.value)
        assert not Membership.objects.exists()
        assert not AuditRecord.objects.filter(action="membership.create").exists()

    def test_an_overlapping_term_in_the_same_body_is_refused(self, group_a, member):
        services.membership_create(person=member, body=group_a, term_start=D(2024, 1, 1), term_end=D(2024, 12, 31))
        with pytest.raises(ValidationError) as exc:
            services.membership_create(person=member, body=group_a, term_start=D(2024, 12, 31))
        assert "уже является членом" in str(exc.value)
        assert Membership.objects.count() == 1

    def test_the_same_person_may_sit_in_two_bodies_at_once(self, group_a, group_b, member):
        services.membership_create(person=member, body=group_a, term_start=D(2024, 1, 1))
        services.membership_create(person=member, body=group_b, term_start=D(2024, 1, 1))
        assert Membership.objects.filter(person=member).count() == 2

    def test_ending_a_term_is_audited_and_cannot_end_before_the_start(self, group_a, member, staff):
        m = services.membership_create(person=member, body=group_a, term_start=D(2024, 1, 1))
        with pytest.raises(ValidationError):
            services.membership_end(membership=m, on=D(2023, 12, 31), by=staff)
        services.membership_end(membership=m, on=D(2024, 12, 31), by=staff)
        m.refresh_from_db()
        assert m.term_end == D(2024, 12, 31)
        assert AuditRecord.objects.filter(action="membership.end", actor=staff, target_id=str(m.pk)).exists()
        assert not m.is_active_on(D(2025, 1, 1))


@pytest.mark.django_db(transaction=True)
class TestDatabaseConstraints:
    """Rules that hold even when code bypasses the services."""

    def test_the_database_refuses_an_end_before_the_start(self, group_a, member):
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(person=member, body=group_a, term_start=D(2024, 5, 1), term_end=D(2024, 4, 1))

    def test_the_database_refuses_two_open_ended_memberships_of_one_body(self, group_a, member):
        Membership.objects.create(person=member, body=group_a, term_start=D(2024, 1, 1))
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(person=member, body=group_a, term_start=D(2025, 1, 1))

    def test_the_database_refuses_a_focal_point_without_a_state(self, group_a, member):
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(person=member, body=group_a, term_start=D(2024, 1, 1), is_focal_point=True)

    def test_postgresql_refuses_overlapping_closed_terms(self, postgres, group_a, member):
        Membership.objects.create(person=member, body=group_a, term_start=D(2024, 1, 1), term_end=D(2024, 12, 31))
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(person=member, body=group_a, term_start=D(2024, 6, 1), term_end=D(2025, 6, 1))
        # Adjacent terms do not overlap.
        Membership.objects.create(person=member, body=group_a, term_start=D(2025, 1, 1), term_end=D(2025, 12, 31))

    def test_the_database_refuses_a_second_executive_committee(self, council_body):
        from tests.factories import BodyFactory

        BodyFactory(kind="executive_committee", code="ec", parent=council_body)
        with pytest.raises(IntegrityError), transaction.atomic():
            BodyFactory(kind="executive_committee", code="ec2", parent=council_body)

    def test_the_database_refuses_the_same_email_in_another_case(self):
        UserFactory(email="someone@example.org")
        with pytest.raises(IntegrityError), transaction.atomic():
            UserFactory(email="SomeOne@Example.org")
