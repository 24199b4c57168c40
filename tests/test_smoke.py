from __future__ import annotations

from django.urls import reverse

from tests.conftest import client_for


def test_worksheet_page_renders_for_participant(phone, participant):
    response = phone.get(reverse("phone:worksheet", args=[participant.workshop.public_id]))
    assert response.status_code == 200
    assert "What value is added?" in response.content.decode()


def test_presenter_for_facilitator(facilitator, workshop):
    response = client_for(facilitator).get(reverse("workshops:presenter", args=[workshop.pk]))
    assert response.status_code == 200
    assert "<svg" in response.content.decode()
