"""People and their roles, in one place: the admin's user page (issue 13).

An admin invites a person by e-mail (they choose their password from an
expiring link), gives or changes their role and CSPs, deactivates them (their
sessions and API tokens end at once), sees their last sign-in, unlocks a
locked-out account and resets their second factor. Every change goes through
partnership.people, which records it as a RoleChange shown on the page.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin

from . import people
from .models import Organisation, Role, RoleChange, User


class RoleFieldsMixin:
    """The role and CSPs, checked together; CSPs offered are those in use."""

    def _setup_role_fields(self):
        self.fields["csps"].queryset = Organisation.objects.csps().filter(is_active=True) | (
            self.instance.csps.all() if self.instance.pk else Organisation.objects.none()
        )
        self.fields["csps"].required = False
        self.fields["csps"].help_text = "Only for a CSP coordinator: tick each CSP they coordinate."

    def clean(self):
        cleaned = super().clean()
        for field, message in people.role_problems(
            role=cleaned.get("role", ""), csps=cleaned.get("csps") or []
        ).items():
            self.add_error(field, message)
        return cleaned


class InviteForm(RoleFieldsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "email", "first_name", "last_name", "role", "csps"]
        widgets = {"csps": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = "The invitation, with a link to choose a password, goes here."
        self._setup_role_fields()


class PersonChangeForm(RoleFieldsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "email", "first_name", "last_name", "role", "csps", "is_active"]
        widgets = {"csps": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_role_fields()
        self.fields["is_active"].help_text = "Untick to end their access: their sessions and API tokens end at once."


class RoleChangeInline(admin.TabularInline):
    model = RoleChange
    fk_name = "user"
    fields = ["at", "what", "by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = "Changes to this person's role and access"

    def get_queryset(self, request):
        # Each row is named by its RoleChange's __str__, which reads its user.
        return super().get_queryset(request).select_related("user", "by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PersonAdmin(UserAdmin):
    add_form = InviteForm
    form = PersonChangeForm
    add_form_template = None
    list_display = ["username", "full_name", "email", "role_name", "csp_list", "is_active", "last_login"]
    list_filter = ["role", "is_active", "csps"]
    search_fields = ["username", "first_name", "last_name", "email"]
    ordering = ["username"]
    filter_horizontal = []
    inlines = [RoleChangeInline]
    actions = ["send_invitation", "deactivate", "reactivate", "unlock", "reset_second_factor"]
    add_fieldsets = [
        (
            "Invite a person",
            {
                "fields": ["username", "email", "first_name", "last_name", "role", "csps"],
                "description": "They are e-mailed a link to choose their password. "
                f"It works once, for {settings.PORTAL_INVITATION_DAYS} days.",
            },
        )
    ]
    fieldsets = [
        (None, {"fields": ["username", "email", "first_name", "last_name"]}),
        ("Role", {"fields": ["role", "csps"]}),
        ("Access", {"fields": ["is_active", "last_login", "date_joined", "lockout", "second_factor"]}),
    ]
    readonly_fields = ["last_login", "date_joined", "lockout", "second_factor"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("csps")

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.display(description="Name")
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description="Role", ordering="role")
    def role_name(self, obj):
        from .models import Partnership
        from .wording import role_name

        if not hasattr(self, "_partnership"):
            self._partnership = Partnership.current()
        return role_name(obj, self._partnership)

    @admin.display(description="CSPs")
    def csp_list(self, obj):
        return ", ".join(csp.name for csp in obj.csps.all()) or "–"

    @admin.display(description="Sign-in lockout")
    def lockout(self, obj):
        from axes.models import AccessAttempt

        attempts = AccessAttempt.objects.filter(
            username=obj.username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        )
        if attempts.exists():
            return "Locked out: choose 'Unlock' from the list of people to let them sign in again."
        return "Not locked out"

    @admin.display(description="Second factor")
    def second_factor(self, obj):
        from django_otp import devices_for_user

        count = len(list(devices_for_user(obj, confirmed=True)))
        return f"Set up ({count} device{'s' if count != 1 else ''})" if count else "Not set up"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_unusable_password()
            obj.role = Role.VRP_STAFF  # people.user_role_set gives the chosen role, and records it
            obj.save()
            return
        before = User.objects.get(pk=obj.pk)
        # Role and active state change through people, so the change is recorded.
        wanted_active = obj.is_active
        obj.role = before.role
        obj.is_active = before.is_active
        obj.save()
        if before.is_active and not wanted_active:
            people.user_deactivate(user=obj, by=request.user)
        elif wanted_active and not before.is_active:
            people.user_reactivate(user=obj, by=request.user)

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        user = form.instance
        people.user_role_set(
            user=user, role=form.cleaned_data["role"], csps=list(form.cleaned_data["csps"]), by=request.user
        )
        if not change:
            people.invitation_send(user=user, by=request.user, request=request)
            self.message_user(request, f"Invitation sent to {user.email}.", messages.SUCCESS)

    @admin.action(description="Send an invitation (a new set-password link)")
    def send_invitation(self, request, queryset):
        sent = 0
        for user in queryset.exclude(email=""):
            people.invitation_send(user=user, by=request.user, request=request)
            sent += 1
        self.message_user(request, f"{sent} invitation(s) sent.", messages.SUCCESS)

    @admin.action(description="Deactivate: end their sessions and API tokens now")
    def deactivate(self, request, queryset):
        for user in queryset.exclude(pk=request.user.pk):
            people.user_deactivate(user=user, by=request.user)
        if queryset.filter(pk=request.user.pk).exists():
            self.message_user(request, "You cannot deactivate yourself.", messages.WARNING)
        self.message_user(request, "Deactivated. Their sessions and API tokens have ended.", messages.SUCCESS)

    @admin.action(description="Reactivate")
    def reactivate(self, request, queryset):
        for user in queryset:
            people.user_reactivate(user=user, by=request.user)
        self.message_user(request, "Reactivated.", messages.SUCCESS)

    @admin.action(description="Unlock: clear a sign-in lockout")
    def unlock(self, request, queryset):
        for user in queryset:
            people.user_unlock(user=user, by=request.user)
        self.message_user(request, "Unlocked. They can sign in again.", messages.SUCCESS)

    @admin.action(description="Reset second factor: they set one up at next sign-in")
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            people.user_second_factor_reset(user=user, by=request.user)
        self.message_user(request, "Second factor reset.", messages.SUCCESS)


@admin.register(RoleChange)
class RoleChangeAdmin(admin.ModelAdmin):
    list_display = ["at", "user", "what", "by"]
    list_filter = ["at"]
    search_fields = ["user__username", "by__username", "what"]
    list_select_related = ["user", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def register(site=admin.site):
    if site.is_registered(User):
        site.unregister(User)
    site.register(User, PersonAdmin)
