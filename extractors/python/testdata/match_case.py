def handle(command):
    match command.split():
        case [action]:
            run(action)
        case Point(x=0, y=0) | geo.Point(x=1):
            origin()
        case Point(x, y) if check(x) and other.check(y):
            pass
        case {"k": Value()}: inline(command)
        case _:
            pass
    match (command):
        case str():
            pass
    match = 1
    match.x = 2
    case = match(case)
