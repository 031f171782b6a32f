from briefgen.cli import main

if __name__ == "__main__":  # process-pool workers import this module too
    main()
