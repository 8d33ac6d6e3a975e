Attribute VB_Name = "CareersRibbon"
' Careers Plan add-in: what the buttons on the "Careers Plan" ribbon tab call.
'
' Excel calls these with the button that was pressed (IRibbonControl). Each one just
' runs the plain macro of the same name, which you can also run from Developer > Macros.
' The ribbon itself is described in customUI.xml inside the add-in file.
Option Explicit

' Set RAG menu: each entry's Tag is the word to write (Red, Amber, Green, Complete).
Public Sub OnSetRag(control As IRibbonControl)
    SetRag control.Tag
End Sub

' Set RAG menu, Clear: empties the RAG cell and its colour.
Public Sub OnClearRag(control As IRibbonControl)
    ClearRag
End Sub

Public Sub OnAddActionRow(control As IRibbonControl)
    AddActionRow
End Sub

Public Sub OnCheckPlan(control As IRibbonControl)
    CheckPlan
End Sub

Public Sub OnRefreshDashboard(control As IRibbonControl)
    RefreshDashboard
End Sub

Public Sub OnRolloverPlan(control As IRibbonControl)
    RolloverPlan
End Sub
