from alliancegraph.cli import main

main()
