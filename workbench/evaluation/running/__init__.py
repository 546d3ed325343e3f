"""Running a suite: answering and scoring cases concurrently, with limits and resume."""
