"""SQLAlchemy models, one module per area. Importing this package registers every table."""

from desktop.models.accounts import User
from desktop.models.audit import AuditEntry
from desktop.models.base import Base
from desktop.models.calendar import CalendarYear, DeadlineChange
from desktop.models.case_files import CaseFileVersion
from desktop.models.case_numbers import CaseCounter
from desktop.models.center import (
    CalendarDay,
    Center,
    Department,
    DisputeType,
    PetitionCategory,
    QueueService,
    Room,
    Setting,
    Window,
    window_service,
)
from desktop.models.intake import CategorySynonym, ImportBatch, ImportedWorkOrder, IntakeLayout
from desktop.models.keys import DataKeyRecord
from desktop.models.matters import Matter, MatterHandover, MatterLookup, MatterStep
from desktop.models.mediation import (
    Agreement,
    AgreementTerm,
    Booking,
    BookingClaim,
    BookingMediator,
    BookingParty,
    Dispute,
    DisputeMediator,
    DisputeParty,
    FollowUpVisit,
    JudicialConfirmation,
    MediationSession,
    Mediator,
    TermPerformance,
)
from desktop.models.people import Person
from desktop.models.petitions import (
    Petition,
    PetitionAttachment,
    PetitionExtension,
    PetitionParty,
    PetitionReply,
    PetitionStep,
    PetitionSupervision,
)
from desktop.models.queue import (
    Appointment,
    QueueEvent,
    RatingFollowUp,
    Ticket,
    TicketCounter,
    WindowState,
)
from desktop.models.voice import HallDisplayStatus, VoiceClip

__all__ = [
    "AuditEntry", "Base", "CalendarDay", "Center", "Department", "DisputeType", "PetitionCategory",
    "QueueService", "Room", "Setting", "User", "Window", "window_service",
    "Appointment", "QueueEvent", "RatingFollowUp", "Ticket", "TicketCounter", "WindowState",
    "CaseCounter", "Person", "Petition", "PetitionAttachment", "PetitionExtension", "PetitionParty",
    "PetitionReply", "PetitionStep", "PetitionSupervision",
    "Agreement", "AgreementTerm", "Booking", "BookingClaim", "BookingMediator", "BookingParty", "Dispute",
    "DisputeMediator", "DisputeParty", "FollowUpVisit", "JudicialConfirmation", "MediationSession", "Mediator",
    "TermPerformance",
    "CategorySynonym", "ImportBatch", "ImportedWorkOrder", "IntakeLayout",
    "CaseFileVersion",
    "Matter", "MatterHandover", "MatterLookup", "MatterStep",
    "CalendarYear", "DeadlineChange",
    "DataKeyRecord",
    "HallDisplayStatus", "VoiceClip",
]
