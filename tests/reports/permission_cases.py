"""Pages of the annual report in the permission matrix (see tests/permission_matrix.py).
Sections per views module."""


def cases(world) -> list:
    result: list = []
    # --- collection (views/collection.py) ---
    # --- statistics (views/statistics.py) ---
    # --- editions (views/editions.py) ---
    return result
