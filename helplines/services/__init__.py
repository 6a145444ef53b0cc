"""The crisis-line directory's rules: importing the seed file, what a page or card may show, verification."""
