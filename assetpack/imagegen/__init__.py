"""Image API plumbing shared by the art stage and model-drawn copy (`text_mode: model`).

    settings      image models, size rules and prices (image_models.toml)
    sizes         valid request sizes nearest a canvas
    fit           crop around the salient window, extend beyond 3:1, frame for edits
    cache         content-addressed disk cache of results
    session       cached, bounded, budgeted requests through the `openai` client
    usage         tokens behind a build's images, for the manifest
    calls, plan   the calls a build makes, priced, for `assetpack plan` and --max-cost
    text_result   how an asset's copy was made (light: safe to import in workers)
    text_request  the edit that has the model draw copy into its areas
    model_text    drawn copy read back, repainted, or typeset after all
    batch         model-drawn copy for every asset of a build

Nothing is re-exported here on purpose: importing a light module (usage, text_result,
settings) must not import the `openai` package or the stages (plan, batch do).
"""
