"""The study of the Wuzhong article: its settings, tables, build steps and notebook views.

Everything specific to the 2022-06-27 article lives here, and only here:

* :mod:`~wzdata.study.settings`: paths, the core source, its years and indicators;
* :mod:`~wzdata.study.schemas`: every raw and processed table, declared once;
* :mod:`~wzdata.study.build`: ``wzdata build``, the steps from raw to processed;
* :mod:`~wzdata.study.claims`, :mod:`~wzdata.study.trends`: the claims and model
  tables, from the engines;
* :mod:`~wzdata.study.coverage`: ``wzdata coverage``;
* :mod:`~wzdata.study.reports`: ``wzdata reports`` on the project's folders;
* :mod:`~wzdata.study.views`: what the notebooks show.
"""
