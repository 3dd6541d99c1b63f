"""The baseline of the throughput benchmark: one query, one template, same size.

Mounted at /bench/baseline/ by bench.urls, the URLconf of elearn.settings.bench.
``?bytes=N`` pads the page to about N bytes so it matches the size of the page
it is compared with.
"""

from django.shortcuts import render

from accounts.models import User

FILLER = "Sở hữu trí tuệ – chương trình đào tạo tỉnh Hậu Giang. " * 4


def baseline(request):
    wanted = min(int(request.GET.get("bytes", "0") or 0), 2_000_000)
    count = User.objects.filter(is_active=True, pk__lt=10).count()  # the one query
    repeat = max(0, (wanted - 3500) // (len(FILLER.encode()) + 8))
    return render(
        request, "bench/baseline.html", {"count": count, "rows": [FILLER] * repeat}
    )
