def loan_list_use_case(repo, request):
    if not request:
        return {"type": "ParametersError"}
    return repo.list(filters=request.filters)
