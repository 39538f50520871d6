import csv
import sys

import pandas as pd
import requests


def main(url: str) -> None:
    rows = requests.get(url, timeout=30).json()
    pd.DataFrame(rows).to_csv(sys.stdout, index=False, quoting=csv.QUOTE_MINIMAL)


if __name__ == "__main__":
    main(sys.argv[1])
