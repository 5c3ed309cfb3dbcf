def sign_in(page, server, number: int):
    """Sign the officer of counter ``number`` in through the page; lands on the counter page."""
    officer = server.counter(number)["officer"]
    page.goto(server.url("/counter/"))
    page.fill("#username", officer["username"])
    page.fill("#password", officer["password"])
    page.click("button[type=submit]")
    page.wait_for_url(f"**/counter/demo/{number}")
    page.wait_for_function("document.getElementById('state').textContent !== ''")
