def sign_in(page, server, who: dict):
    page.goto(server.url("/admin/login"))
    page.fill("#username", who["username"])
    page.fill("#password", who["password"])
    page.click("button.primary")
