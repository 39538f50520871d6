"""embedkit serve MODEL: serves the embeddings over HTTP."""
import sys

from embedkit.server import create_server


def main():
    import uvicorn

    uvicorn.run(create_server(sys.argv[1]), port=7997)


if __name__ == "__main__":
    main()
