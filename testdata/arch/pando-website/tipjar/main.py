from pando import Response

from tipjar.website import Website

website = Website(www_root="www", project_root=".")


def not_found(state):
    raise Response(404)


website.algorithm.insert_after("dispatch_path_to_filesystem", not_found)
application = website
