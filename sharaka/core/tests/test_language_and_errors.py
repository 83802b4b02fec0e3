from django.conf import settings


def test_a_signed_in_user_keeps_the_language_they_chose(client, personas):
    client.force_login(personas.officer)
    response = client.post("/language/", {"language": "fr", "next": "/projects/"})
    assert response.status_code == 302 and response.url == "/projects/"
    personas.officer.refresh_from_db()
    assert personas.officer.language == "fr"
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)  # a new browser: the account remembers
    assert '<html lang="fr" dir="ltr">' in client.get("/").content.decode()


def test_it_ignores_an_unknown_language_and_a_foreign_redirect(client, personas):
    client.force_login(personas.officer)
    response = client.post("/language/", {"language": "xx", "next": "https://evil.example/"})
    assert response.url == "/"
    personas.officer.refresh_from_db()
    assert personas.officer.language == "ar"


def test_a_next_that_is_not_a_path_sends_home_instead_of_failing(client, personas):
    # Found by the form fuzzer: a bare word was read as a URL name and raised NoReverseMatch (500).
    client.force_login(personas.officer)
    for odd in ["ֽ", "projects", "home", "javascript:alert(1)", "//evil.example/"]:
        response = client.post("/language/", {"language": "fr", "next": odd})
        assert response.status_code == 302 and response.url == "/", odd


def test_a_visitor_gets_the_login_page_in_the_language_they_picked(client):
    client.post("/language/", {"language": "en", "next": "/accounts/login/"})
    assert '<html lang="en" dir="ltr">' in client.get("/accounts/login/").content.decode()


def test_a_page_that_does_not_exist_says_so_in_arabic(client, personas):
    client.force_login(personas.officer)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "الصفحة غير موجودة" in response.content.decode()


def test_a_wrong_password_is_refused_in_arabic_on_the_same_page(client, personas):
    response = client.post("/accounts/login/", {"username": "officer", "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="officer"' in html  # what they typed is kept
    assert "اسم مستخدم" in html or "كلمة" in html  # Django's own Arabic message


def test_every_response_carries_a_content_security_policy(client):
    header = client.get("/accounts/login/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in header and "script-src 'self'" in header
