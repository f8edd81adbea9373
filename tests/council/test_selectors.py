"""The selectors and the pages built on them answer with a fixed number of queries."""

import datetime

import pytest

from council.selectors import bodies_with_current_members, members_current, memberships_of
from tests.factories import BodyFactory, MembershipFactory, OrganisationFactory

D = datetime.date


def _populate(body, states, n):
    for i in range(n):
        state = list(states.values())[i % 5]
        MembershipFactory(body=body, represents_state=state, represents_organisation=OrganisationFactory())


@pytest.mark.django_db
class TestQueryCounts:
    def test_current_members_of_a_body(self, group_a, states, django_assert_num_queries):
        def read():
            for m in members_current(body=group_a, on=D(2025, 1, 1)):
                _ = (m.person.display_name, m.represents_state.name, m.represents_organisation.acronym)

        _populate(group_a, states, 3)
        with django_assert_num_queries(1):
            read()
        _populate(group_a, states, 30)
        with django_assert_num_queries(1):
            read()

    def test_bodies_of_a_person(self, member, council_body, django_assert_num_queries):
        def read():
            for m in memberships_of(person=member, on=D(2025, 1, 1)):
                _ = (m.body.name, m.body.parent and m.body.parent.name)

        for _ in range(2):
            MembershipFactory(person=member, body=BodyFactory(parent=council_body))
        with django_assert_num_queries(1):
            read()
        for _ in range(20):
            MembershipFactory(person=member, body=BodyFactory(parent=council_body))
        with django_assert_num_queries(1):
            read()

    def test_bodies_with_their_current_members(self, council_body, states, django_assert_num_queries):
        def read():
            for body in bodies_with_current_members(on=D(2025, 1, 1)):
                for m in body.current_memberships:
                    _ = (m.person.display_name, m.represents_state.name)

        _populate(BodyFactory(parent=council_body), states, 2)
        with django_assert_num_queries(2):
            read()
        for _ in range(5):
            _populate(BodyFactory(parent=council_body), states, 10)
        with django_assert_num_queries(2):
            read()

    # A working group's page also gathers the group's meetings, papers, recommendations and their implementation;
    # the home page what needs the member (rounds, invitations, reports due, new documents, next meetings); the
    # landing page also the outcome documents, the headline figures and the roadmaps (issue 12; each panel's own
    # tests grow its rows).
    @pytest.mark.parametrize(("url", "at_most"), [("/", 11), ("/groups/a/", 25), ("/home/", 20)])
    def test_pages_do_not_issue_more_queries_as_members_grow(
        self, client, url, at_most, group_a, states, member, queries_do_not_grow
    ):
        client.force_login(member)
        MembershipFactory(person=member, body=group_a, represents_state=states["UZ"])
        _populate(group_a, states, 2)
        client.get(url)  # warm caches (content types, sessions)

        def grow():
            _populate(group_a, states, 25)
            for _ in range(5):
                MembershipFactory(person=member, body=BodyFactory(parent=group_a.parent))

        queries_do_not_grow(url, at_most=at_most, grow=grow)
