from pytest_bdd import scenarios

scenarios("purchasing")
