from django import forms

from portal.models import PageText


class PageTextForm(forms.ModelForm):
    class Meta:
        model = PageText
        fields = ["title_en", "title_ar", "body_en", "body_ar"]
        widgets = {
            "title_en": forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
            "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "body_en": forms.Textarea(attrs={"rows": 8, "dir": "ltr", "lang": "en"}),
            "body_ar": forms.Textarea(attrs={"rows": 8, "dir": "rtl", "lang": "ar"}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
