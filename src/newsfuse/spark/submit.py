"""The spark-submit entry: `spark-submit --master URL path/to/newsfuse/spark/submit.py INPUT --out DIR`."""

from newsfuse.cli.spark import main

if __name__ == "__main__":
    main()
