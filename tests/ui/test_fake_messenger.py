"""The UI tests' fake must keep up with the service facade, or they test a different contract."""

from app.service.api import MessengerApi
from app.service.messenger import Messenger
from tests.ui.fake_messenger import FakeMessenger


def public_methods(cls: type) -> set[str]:
    return {name for name in vars(cls) if not name.startswith("_") and callable(vars(cls)[name])}


def test_the_fake_and_the_real_messenger_offer_every_api_method() -> None:
    api = public_methods(MessengerApi)
    assert api, "the facade lists no methods"
    assert api - set(dir(FakeMessenger)) == set()
    assert api - set(dir(Messenger)) == set()
