def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}
